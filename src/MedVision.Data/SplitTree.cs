using System.Globalization;
using System.Text;
using MedVision.Evaluation;
using MedVision.Imaging.Io;
using MedVision.Reports.Tables;

namespace MedVision.Data;

/// <summary>Where one image of a <see cref="SplitTree"/> went.</summary>
/// <param name="Id">The sample's id in the source data set.</param>
/// <param name="Group">Its group after merging duplicates (when asked).</param>
/// <param name="Label">Its class index.</param>
/// <param name="Split"><c>Train</c>, <c>Val</c> or <c>Test</c>.</param>
/// <param name="Path">The written file, relative to the tree's root, with '/' separators.</param>
public sealed record SplitTreeEntry(string Id, string Group, int Label, string Split, string Path);

/// <summary>
/// Writes a data set as the folder tree of seeds/004 and Keras <c>flow_from_directory</c>:
/// <c>ROOT/{Train,Val,Test}/&lt;class&gt;/&lt;file&gt;</c>, split by a stratified group hold-out (scikit-learn
/// <c>StratifiedGroupKFold</c>-style: no group, after merging duplicate images, on two sides) so that the tree can be
/// handed to tools that only know folders without leaking near-copies into the test set. Image files are copied
/// (or linked) under their own names; samples cut from containers (archives, mammograms, volumes) are written as
/// float32 <c>.npy</c>. <c>ROOT/split.csv</c> records every image as a manifest (<c>path,label,group,split</c>,
/// the layout <c>experiment</c> reads), keeping the groups that the folder tree cannot hold.
/// </summary>
public static class SplitTree
{
    /// <summary>File name of the manifest written at the tree's root.</summary>
    public const string ManifestFile = "split.csv";

    /// <summary>Split <paramref name="store"/> with the default options (20% test, no validation folder) into <paramref name="folder"/>.</summary>
    public static IReadOnlyList<SplitTreeEntry> Write(ImageStore store, string folder) => Write(store, folder, new SplitTreeOptions());

    /// <summary>
    /// Splits <paramref name="store"/>'s samples and writes the tree into <paramref name="folder"/>, which must not exist
    /// or be empty. The test part is drawn first (<c>TestFraction</c> of all images), then the validation part from the
    /// rest (<c>ValidationFraction</c> of all images); both stratified by class and grouped when <c>Grouped</c> is set.
    /// </summary>
    public static IReadOnlyList<SplitTreeEntry> Write(ImageStore store, string folder, SplitTreeOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.TestFraction > 0 && options.TestFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TestFraction, $"TestFraction must be in (0, 1), got {options.TestFraction}");
        }

        if (!(options.ValidationFraction >= 0 && options.TestFraction + options.ValidationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidationFraction,
                $"ValidationFraction must be ≥ 0 and leave images for training beside TestFraction {options.TestFraction}, got {options.ValidationFraction}");
        }

        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new IOException($"{folder}: the folder is not empty; a split tree is written into a new or empty folder");
        }

        var dataset = store.Dataset;
        var samples = dataset.Samples;
        var groups = options.MergeDuplicates && store.Audit() is { MergedGroups: var merged } && merged.Count == samples.Count
            ? merged
            : [.. samples.Select(s => s.Group)];
        var labels = samples.Select(s => s.Label).ToArray();
        var seed = (ulong)options.Seed;
        var outer = new HoldOutSplit(options.TestFraction, stratify: true, seed: seed).Split(labels, options.Grouped ? groups : null)[0];
        var split = new string[samples.Count];
        Array.Fill(split, "Train");
        foreach (var i in outer.Test)
        {
            split[i] = "Test";
        }

        if (options.ValidationFraction > 0)
        {
            var part = outer.Train;
            var inner = new HoldOutSplit(options.ValidationFraction / (1 - options.TestFraction), stratify: true, seed: seed + 1)
                .Split([.. part.Select(i => labels[i])], options.Grouped ? [.. part.Select(i => groups[i])] : null)[0];
            foreach (var k in inner.Test)
            {
                split[part[k]] = "Val";
            }
        }

        var root = Path.GetFullPath(folder);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var entries = new List<SplitTreeEntry>(samples.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            var source = sample.Path;
            var name = source is not null ? Path.GetFileName(source) : Sanitise(sample.Id) + ".npy";
            var relative = Unique(taken, $"{split[i]}/{dataset.ClassNames[sample.Label]}/{name}");
            var target = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (source is null)
            {
                ImageFile.Write(target, store.Images[i]);
            }
            else if (options.Link)
            {
                File.CreateSymbolicLink(target, Path.GetFullPath(source));
            }
            else
            {
                File.Copy(source, target);
            }

            entries.Add(new SplitTreeEntry(sample.Id, groups[i], sample.Label, split[i], relative));
        }

        var manifest = new StringBuilder("path,label,group,split\n");
        foreach (var e in entries)
        {
            manifest.Append(CultureInfo.InvariantCulture,
                $"{TableWriter.CsvCell(e.Path)},{TableWriter.CsvCell(dataset.ClassNames[e.Label])},{TableWriter.CsvCell(e.Group)},{e.Split.ToLowerInvariant()}\n");
        }

        File.WriteAllText(Path.Combine(root, ManifestFile), manifest.ToString(), new UTF8Encoding(false));
        return entries;
    }

    // "a/b.npz#3" → "a_b.npz_3": one file name, no folders.
    private static string Sanitise(string id)
    {
        var invalid = Path.GetInvalidFileNameChars();
        return new string([.. id.Select(c => c == '/' || c == '\\' || c == '#' || invalid.Contains(c) ? '_' : c)]);
    }

    // Two sources with one file name in a class folder: "x.png", then "x-2.png", "x-3.png", …
    private static string Unique(HashSet<string> taken, string relative)
    {
        var stem = Path.ChangeExtension(relative, null);
        var extension = Path.GetExtension(relative);
        var name = relative;
        for (var k = 2; !taken.Add(name); k++)
        {
            name = $"{stem}-{k.ToString(CultureInfo.InvariantCulture)}{extension}";
        }

        return name;
    }
}
