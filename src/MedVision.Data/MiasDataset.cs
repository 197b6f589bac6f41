using System.Globalization;
using System.Text.RegularExpressions;
using MedVision.Imaging;
using MedVision.Imaging.Io;
using MedVision.Imaging.Preprocessing;

namespace MedVision.Data;

/// <summary>
/// ROIs from full MIAS mammograms (seeds/002). The annotation file has one line per abnormality,
/// <c>ref bg class [severity x y radius]</c> (the MIAS <c>Info.txt</c>): bg ∈ F/G/D, class ∈ CALC, CIRC, SPIC, MISC,
/// ARCH, ASYM or NORM, severity B/M, and the centre (x, y) in pixels with the origin at the <b>bottom-left</b> corner
/// (MIAS README, note 3). The centre is therefore at row <c>H − 1 − y</c>, column <c>x</c> of the image
/// <c>ref.pgm</c> as stored (top row first); scripts that use <c>H − y</c> are one row lower. Abnormalities whose
/// centre is omitted (widely distributed calcifications, note 4) have no ROI and are listed in
/// <see cref="Dataset.Notes"/>. Each abnormality gives a square ROI of <see cref="MiasOptions.RoiSize"/> around its
/// centre (zero beyond the image); each normal mammogram gives <see cref="MiasOptions.NormalRois"/> ROIs at random
/// centres inside its breast mask (<see cref="ArtifactRemoval"/>: Otsu → opening → largest component), drawn with
/// a seed derived from the data set seed and the reference, so one mammogram's ROIs do not depend on the others.
/// </summary>
public static partial class MiasDataset
{
    private static readonly string[] Backgrounds = ["F", "G", "D"];
    private static readonly string[] Abnormalities = ["CALC", "CIRC", "SPIC", "MISC", "ARCH", "ASYM"];

    /// <summary>One line of the annotation file.</summary>
    /// <param name="Ref">Mammogram reference, the image file name without <c>.pgm</c>.</param>
    /// <param name="Line">1-based line number in the annotation file.</param>
    /// <param name="Background">Background tissue: F (fatty), G (fatty-glandular), D (dense-glandular).</param>
    /// <param name="Class">Abnormality class, <c>NORM</c> for normal mammograms.</param>
    /// <param name="Severity"><c>B</c>, <c>M</c>, or null for normal mammograms.</param>
    /// <param name="X">Centre column, or null when omitted.</param>
    /// <param name="Y">Centre height above the bottom edge, or null when omitted.</param>
    /// <param name="Radius">Radius of the enclosing circle in pixels, or null.</param>
    public sealed record Annotation(string Ref, int Line, string Background, string Class, string? Severity, int? X, int? Y, int? Radius);

    /// <summary>Parses an annotation file; lines that do not start with a reference such as <c>mdb001</c> (the README text around the table) are skipped.</summary>
    public static IReadOnlyList<Annotation> ReadAnnotations(string path)
    {
        if (!File.Exists(path))
        {
            throw new DatasetFormatException($"{path}: no such annotation file");
        }

        var result = new List<Annotation>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var t = lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (t.Length == 0 || !RefPattern().IsMatch(t[0]))
            {
                continue;
            }

            string Where() => $"{path}: line {i + 1}";
            if (t.Length < 3 || !Backgrounds.Contains(t[1]) || !(t[2] == "NORM" || Abnormalities.Contains(t[2])))
            {
                throw new DatasetFormatException($"{Where()}: expected 'ref bg class [severity x y radius]' with bg F/G/D and class CALC/CIRC/SPIC/MISC/ARCH/ASYM/NORM, got '{lines[i].Trim()}'");
            }

            if (t[2] == "NORM")
            {
                if (t.Length != 3)
                {
                    throw new DatasetFormatException($"{Where()}: a NORM line has no severity or centre, got '{lines[i].Trim()}'");
                }

                result.Add(new Annotation(t[0], i + 1, t[1], "NORM", null, null, null, null));
                continue;
            }

            if (t.Length < 4 || t[3] is not ("B" or "M"))
            {
                throw new DatasetFormatException($"{Where()}: severity must be B or M, got '{(t.Length < 4 ? "" : t[3])}'");
            }

            if (t.Length == 4 || t[4].StartsWith('*'))
            {
                result.Add(new Annotation(t[0], i + 1, t[1], t[2], t[3], null, null, null));
                continue;
            }

            if (t.Length != 7 || !int.TryParse(t[4], NumberStyles.None, CultureInfo.InvariantCulture, out var x)
                || !int.TryParse(t[5], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
                || !int.TryParse(t[6], NumberStyles.None, CultureInfo.InvariantCulture, out var r))
            {
                throw new DatasetFormatException($"{Where()}: expected non-negative integers 'x y radius' after the severity, got '{string.Join(' ', t.Skip(4))}'");
            }

            result.Add(new Annotation(t[0], i + 1, t[1], t[2], t[3], x, y, r));
        }

        if (result.Count == 0)
        {
            throw new DatasetFormatException($"{path}: no annotation lines ('mdb001 G CIRC B 535 425 197' or 'mdb003 D NORM')");
        }

        var conflict = result.GroupBy(a => a.Ref).FirstOrDefault(g => g.Any(a => a.Class == "NORM") && g.Count() > 1);
        if (conflict is not null)
        {
            throw new DatasetFormatException($"{path}: line {conflict.Last().Line}: {conflict.Key} is listed as NORM and with other lines");
        }

        return result;
    }

    /// <summary>The ROI data set of the mammograms in <paramref name="imageFolder"/> annotated by <paramref name="annotations"/>.</summary>
    public static Dataset Read(string annotations, string imageFolder, DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var mias = options.Mias;
        if (mias.RoiSize < 1 || mias.NormalRois < 0)
        {
            throw new DatasetFormatException($"{annotations}: ROI size must be ≥ 1 and normal ROIs ≥ 0, got {mias.RoiSize} and {mias.NormalRois}");
        }

        var classNames = mias.Labels switch
        {
            "normal-tumor" => new[] { "Normal", "Tumor" },
            "severity" => ["Normal", "Benign", "Malignant"],
            _ => throw new DatasetFormatException($"MIAS labels must be normal-tumor or severity, got '{mias.Labels}'"),
        };
        var root = Path.GetFullPath(imageFolder);
        var lines = ReadAnnotations(annotations);
        var files = lines.Select(a => a.Ref).Distinct().ToDictionary(r => r, r => ImagePath(root, r, annotations, lines.First(a => a.Ref == r).Line));
        var notes = new List<string>();
        var samples = new List<Sample>();
        foreach (var group in lines.Where(a => a.Class != "NORM").GroupBy(a => a.Ref))
        {
            var k = 0;
            foreach (var a in group)
            {
                k++;
                if (a.X is null)
                {
                    notes.Add($"{a.Ref} ({a.Class} {a.Severity}, line {a.Line}): no centre given, no ROI");
                    continue;
                }

                var height = ImageFile.Inspect(files[a.Ref]).Sizes[1];
                var region = PatchRegion.Around((int)height - 1 - a.Y!.Value, a.X.Value, mias.RoiSize, mias.RoiSize);
                var label = classNames.Length == 2 ? 1 : a.Severity == "B" ? 1 : 2;
                samples.Add(new Sample($"{a.Ref}/abnormal{k}", GroupOf(a.Ref, mias, annotations), label, null, new RegionPixels(files[a.Ref], region)));
            }
        }

        var normals = lines.Where(a => a.Class == "NORM").ToList();
        var normalSamples = new List<Sample>[normals.Count];
        DataParallel.For(normals.Count, i =>
        {
            var a = normals[i];
            var path = files[a.Ref];
            var mask = ArtifactRemoval.Apply(ImageFile.Read(path).ToGray()).Region;
            IReadOnlyList<PatchRegion> regions;
            try
            {
                regions = RandomPatches.InMask(mask, mias.RoiSize, mias.RoiSize, mias.NormalRois, new RandomPatchOptions
                {
                    Seed = StableSeed(options.Seed, a.Ref),
                    Containment = mias.WholeRoiInBreast ? PatchContainment.Whole : PatchContainment.Center,
                });
            }
            catch (PatchSamplingException e)
            {
                throw new DatasetFormatException($"{path}: no normal ROI: {e.Message}");
            }

            normalSamples[i] = [.. regions.Select((r, j) => new Sample($"{a.Ref}/normal{j + 1}", GroupOf(a.Ref, mias, annotations), 0, null, new RegionPixels(path, r)))];
        });
        samples.AddRange(normalSamples.SelectMany(s => s));
        if (samples.Count == 0)
        {
            throw new DatasetFormatException($"{annotations}: no ROI could be extracted");
        }

        return new Dataset(Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)), root, classNames, [.. samples.OrderBy(s => s.Id, StringComparer.Ordinal)])
        {
            Notes = notes,
        };
    }

    /// <summary>FNV-1a of the reference mixed with the seed: stable across runs and .NET versions, unlike string.GetHashCode.</summary>
    internal static int StableSeed(int seed, string key)
    {
        var h = 2166136261u ^ (uint)seed;
        foreach (var ch in key)
        {
            h = (h ^ ch) * 16777619u;
        }

        return (int)(h & 0x7fffffff);
    }

    private static string ImagePath(string root, string reference, string annotations, int line)
    {
        foreach (var ext in new[] { ".pgm", ".png" })
        {
            var path = Path.Combine(root, reference + ext);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new DatasetFormatException($"{annotations}: line {line}: no mammogram {reference}.pgm in {root}");
    }

    private static string GroupOf(string reference, MiasOptions options, string annotations)
    {
        if (!options.GroupByPatient)
        {
            return reference;
        }

        var digits = DigitsPattern().Match(reference);
        if (!digits.Success)
        {
            throw new DatasetFormatException($"{annotations}: cannot pair '{reference}' with its patient's other film: the reference has no number");
        }

        // MIAS README note 1: films come in pairs (odd number, next even number) of one patient.
        var n = int.Parse(digits.Groups[2].Value, CultureInfo.InvariantCulture);
        var first = n % 2 == 1 ? n : n - 1;
        var prefix = digits.Groups[1].Value;
        var width = digits.Groups[2].Value.Length;
        return $"{prefix}{first.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}-{prefix}{(first + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}";
    }

    [GeneratedRegex(@"^[A-Za-z]+\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex RefPattern();

    [GeneratedRegex(@"^([A-Za-z]*)(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DigitsPattern();
}
