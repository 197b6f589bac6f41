using System.Globalization;

namespace MedVision.Data;

/// <summary>
/// 2-D patch sets from a LUNA16-style candidate list (seeds/003): a CSV with the header
/// <c>seriesuid,coordX,coordY,coordZ,class</c>, coordinates in world millimetres (the physical space of the
/// MetaImage volume, LPS) and class 1 for a nodule. Each series is the volume <c>&lt;seriesuid&gt;.mhd</c> found
/// anywhere under the volumes folder. Every positive is kept; negatives are undersampled to
/// <see cref="LunaOptions.NegativeRatio"/> per positive by a seeded shuffle of all negatives in file order.
/// Candidates of series without a volume (LUNA16 ships in ten subsets) are left out and counted in
/// <see cref="Dataset.Notes"/>. Sample ids are <c>&lt;seriesuid&gt;/&lt;line&gt;</c>; the group is the series.
/// </summary>
public static class LunaCandidates
{
    private static readonly string[] Columns = ["seriesuid", "coordx", "coordy", "coordz", "class"];

    /// <summary>Class names: label 0 is a non-nodule candidate, 1 a nodule.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["non-nodule", "nodule"];

    /// <summary>True when the first line of <paramref name="csv"/> names a <c>seriesuid</c> column.</summary>
    public static bool IsCandidateList(string csv)
    {
        using var reader = new StreamReader(csv);
        var header = reader.ReadLine() ?? "";
        return header.Split(',').Any(h => h.Trim().Equals("seriesuid", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The patch data set of the candidates in <paramref name="csv"/>.</summary>
    public static Dataset Read(string csv, DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var luna = options.Luna;
        if (luna.PatchSize < 1 || !(luna.WindowMax > luna.WindowMin) || !(luna.NegativeRatio >= 0))
        {
            throw new DatasetFormatException(
                $"{csv}: patch size must be ≥ 1, the window min < max and the negative ratio ≥ 0; got {luna.PatchSize}, [{luna.WindowMin}, {luna.WindowMax}], {luna.NegativeRatio}");
        }

        var full = Path.GetFullPath(csv);
        var lines = File.ReadAllLines(full);
        var header = lines.Length == 0 ? [] : lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant()).ToList();
        var cols = Columns.Select(c => header.IndexOf(c)).ToArray();
        if (cols.Any(c => c < 0))
        {
            var hint = header.Contains("diameter_mm") ? " (an annotations file lists nodules only; use the candidates file)" : "";
            throw new DatasetFormatException($"{csv}: line 1: the header must name seriesuid,coordX,coordY,coordZ,class, got '{(lines.Length == 0 ? "" : lines[0])}'{hint}");
        }

        var volumesRoot = Path.GetFullPath(options.Volumes ?? Path.GetDirectoryName(full)!);
        var volumes = IndexVolumes(volumesRoot);
        var positives = new List<Sample>();
        var negatives = new List<Sample>();
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var skipped = 0;
        var width = lines.Length.ToString(CultureInfo.InvariantCulture).Length;
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var cells = lines[i].Split(',').Select(c => c.Trim()).ToArray();
            if (cells.Length != header.Count)
            {
                throw new DatasetFormatException($"{csv}: line {i + 1}: {cells.Length} columns, the header has {header.Count}");
            }

            var uid = cells[cols[0]];
            var xyz = new double[3];
            for (var k = 0; k < 3; k++)
            {
                if (!double.TryParse(cells[cols[k + 1]], NumberStyles.Float, CultureInfo.InvariantCulture, out xyz[k]) || !double.IsFinite(xyz[k]))
                {
                    throw new DatasetFormatException($"{csv}: line {i + 1}: {Columns[k + 1]} must be a number in mm, got '{cells[cols[k + 1]]}'");
                }
            }

            var label = cells[cols[4]] switch
            {
                "0" => 0,
                "1" => 1,
                var other => throw new DatasetFormatException($"{csv}: line {i + 1}: class must be 0 or 1, got '{other}'"),
            };
            if (uid.Length == 0)
            {
                throw new DatasetFormatException($"{csv}: line {i + 1}: empty seriesuid");
            }

            if (!volumes.TryGetValue(uid, out var volume))
            {
                missing.Add(uid);
                skipped++;
                continue;
            }

            var id = $"{uid}/{(i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}";
            var sample = new Sample(id, uid, label, null, new VolumePatchPixels(volume, xyz[0], xyz[1], xyz[2], luna.PatchSize, luna.WindowMin, luna.WindowMax));
            (label == 1 ? positives : negatives).Add(sample);
        }

        var notes = new List<string>();
        if (skipped > 0)
        {
            notes.Add($"{skipped} candidates of {missing.Count} series left out: no <seriesuid>.mhd under {volumesRoot} (first: {missing.Min})");
        }

        var kept = negatives;
        var ratio = luna.NegativeRatio;
        if (!double.IsPositiveInfinity(ratio))
        {
            var want = (int)Math.Min(negatives.Count, Math.Round(ratio * positives.Count, MidpointRounding.AwayFromZero));
            var order = Enumerable.Range(0, negatives.Count).ToArray();
            var random = new Random(options.Seed);
            for (var k = order.Length - 1; k > 0; k--)
            {
                // Fisher–Yates written out so that the draw order cannot change with the runtime's Shuffle.
                var j = random.Next(k + 1);
                (order[k], order[j]) = (order[j], order[k]);
            }

            kept = [.. order.Take(want).Select(k => negatives[k])];
            notes.Add($"negatives undersampled to {want} of {negatives.Count} ({ratio.ToString(CultureInfo.InvariantCulture)} per positive, seed {options.Seed})");
        }

        var samples = positives.Concat(kept).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        if (samples.Count == 0)
        {
            throw new DatasetFormatException($"{csv}: no candidate left (volumes searched under {volumesRoot}; {skipped} candidates had no volume)");
        }

        return new Dataset(Path.GetFileNameWithoutExtension(full), volumesRoot, ClassNames, samples) { Notes = notes };
    }

    private static Dictionary<string, string> IndexVolumes(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DatasetFormatException($"{root}: no such volumes folder");
        }

        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*.mhd", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var uid = Path.GetFileNameWithoutExtension(file);
            if (!index.TryAdd(uid, file))
            {
                throw new DatasetFormatException($"{file}: series {uid} also at {index[uid]}");
            }
        }

        return index;
    }
}
