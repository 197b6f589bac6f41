using System.CommandLine;
using System.Globalization;
using MedVision.Pipeline.Experiments;

namespace MedVision.Cli.Verbs;

/// <summary>
/// The flags of the data layouts that need settings, shared by <c>audit</c> and <c>experiment</c>: group files, MIAS
/// ROI extraction (<c>--annotations --roi-size --normal-rois --mias-labels --group-by-patient</c>) and LUNA candidate
/// patches (<c>--volumes --patch-size --hu-window --negative-ratio</c>).
/// </summary>
internal sealed class DataSourceOptions
{
    public Option<string?> Groups { get; } = new("--groups") { Description = "CSV 'id,group' replacing the groups of the listed samples (e.g. patients)" };

    public Option<string?> Annotations { get; } = new("--annotations") { Description = "MIAS annotation file (Info.txt format) for a folder of mammograms" };

    public Option<int?> RoiSize { get; } = new("--roi-size") { Description = "Side of MIAS ROIs in pixels (default 120)" };

    public Option<int?> NormalRois { get; } = new("--normal-rois") { Description = "Random ROIs per normal mammogram, inside the breast (default 1)" };

    public Option<string?> MiasLabels { get; } = new("--mias-labels") { Description = "normal-tumor (default) or severity (Normal/Benign/Malignant)" };

    public Option<bool> GroupByPatient { get; } = new("--group-by-patient") { Description = "Group MIAS ROIs by patient (film pairs mdb001+mdb002, …) instead of by mammogram" };

    public Option<string?> Volumes { get; } = new("--volumes") { Description = "Folder searched for <seriesuid>.mhd volumes of a candidate list (default: the list's folder)" };

    public Option<int?> PatchSize { get; } = new("--patch-size") { Description = "Side of candidate patches in pixels (default 50)" };

    public Option<string?> HuWindow { get; } = new("--hu-window") { Description = "MIN,MAX intensity window of candidate patches, mapped to 0–255 (default -1000,400)" };

    public Option<string?> NegativeRatio { get; } = new("--negative-ratio") { Description = "Negative candidates kept per positive (default 5), or 'all'" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Groups, Annotations, RoiSize, NormalRois, MiasLabels, GroupByPatient, Volumes, PatchSize, HuWindow, NegativeRatio })
        {
            command.Options.Add(option);
        }
    }

    /// <summary><paramref name="config"/> with every data flag given.</summary>
    public ExperimentConfig Apply(ParseResult parse, ExperimentConfig config)
    {
        static string Full(string path) => Path.GetFullPath(path);
        config = parse.GetValue(Groups) is { } groups ? config with { Groups = Full(groups) } : config;
        config = parse.GetValue(Annotations) is { } annotations ? config with { Annotations = Full(annotations) } : config;
        config = parse.GetValue(Volumes) is { } volumes ? config with { Volumes = Full(volumes) } : config;
        var mias = config.Mias;
        mias = parse.GetValue(RoiSize) is { } roi ? mias with { RoiSize = Positive(roi, "--roi-size") } : mias;
        mias = parse.GetValue(NormalRois) is { } normals ? mias with { NormalRois = normals >= 0 ? normals : throw new UsageException($"--normal-rois must be ≥ 0, got {normals}") } : mias;
        mias = parse.GetValue(MiasLabels) is { } labels
            ? mias with { Labels = labels is "normal-tumor" or "severity" ? labels : throw new UsageException($"--mias-labels must be normal-tumor or severity, got '{labels}'") }
            : mias;
        mias = parse.GetValue(GroupByPatient) ? mias with { GroupByPatient = true } : mias;
        var luna = config.Luna;
        luna = parse.GetValue(PatchSize) is { } size ? luna with { PatchSize = Positive(size, "--patch-size") } : luna;
        if (parse.GetValue(HuWindow) is { } window)
        {
            var parts = window.Split(',');
            if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var min)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var max) || !(max > min))
            {
                throw new UsageException($"--hu-window must be MIN,MAX with MIN < MAX, got '{window}'");
            }

            luna = luna with { WindowMin = min, WindowMax = max };
        }

        if (parse.GetValue(NegativeRatio) is { } ratio)
        {
            luna = luna with
            {
                NegativeRatio = ratio == "all" ? double.PositiveInfinity
                    : double.TryParse(ratio, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r >= 0 ? r
                    : throw new UsageException($"--negative-ratio must be a number ≥ 0 or 'all', got '{ratio}'"),
            };
        }

        return config with { Mias = mias, Luna = luna };
    }

    private static int Positive(int value, string flag) => value >= 1 ? value : throw new UsageException($"{flag} must be ≥ 1, got {value}");
}
