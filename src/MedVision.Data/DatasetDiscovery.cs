using System.Globalization;
using System.Text.RegularExpressions;

namespace MedVision.Data;

/// <summary>
/// Finds the samples of a data set on disk. Layouts (docs/architecture.md, "Discover"):
/// <list type="bullet">
/// <item>class-per-folder: <c>ROOT/&lt;class&gt;/*.png</c> (Keras <c>flow_from_directory</c>; classes in ordinal name order);</item>
/// <item>the same under split folders: <c>ROOT/{Train,Val,Test}/&lt;class&gt;/…</c> (case-insensitive; also
/// <c>train/val/test</c>; other folders beside them, such as <c>trainval</c>, are ignored);</item>
/// <item>split folders of flat files whose class is the file-name prefix before a space or underscore
/// (<c>test/Tumor (3).png</c>, the mias_rois layout);</item>
/// <item>a CSV manifest <c>path,label[,group][,split]</c> with a header line, paths relative to the manifest;</item>
/// <item>an <c>.npz</c> archive with <c>train_/val_/test_</c> images and labels (<see cref="NpzDataset"/>, MedMNIST);</item>
/// <item>a folder of MIAS mammograms with an <c>Info.txt</c> (or <see cref="DatasetOptions.Annotations"/>, or the
/// annotation <c>.txt</c> itself) → ROIs (<see cref="MiasDataset"/>);</item>
/// <item>a CSV whose header names <c>seriesuid</c> → axial patches of <c>.mhd</c> volumes (<see cref="LunaCandidates"/>).</item>
/// </list>
/// <see cref="DatasetOptions.Groups"/> then replaces groups by sample id, whatever the layout.
/// </summary>
public static class DatasetDiscovery
{
    private static readonly string[] SplitNames = ["train", "val", "validation", "test"];

    /// <summary>Reads the data set at <paramref name="path"/> (a folder, a <c>.csv</c> manifest or candidate list, an <c>.npz</c>, or a MIAS annotation <c>.txt</c>).</summary>
    public static Dataset Discover(string path, DatasetOptions? options = null)
    {
        options ??= new DatasetOptions();
        var dataset = DiscoverLayout(path, options);
        return options.Groups is null ? dataset : ApplyGroups(dataset, options.Groups);
    }

    private static Dataset DiscoverLayout(string path, DatasetOptions options)
    {
        var groupRegex = options.GroupPattern is null ? null : new Regex(options.GroupPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (File.Exists(path))
        {
            return Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".npz" => NpzDataset.Read(path),
                ".csv" when LunaCandidates.IsCandidateList(path) => LunaCandidates.Read(path, options),
                ".csv" => FromManifest(path, groupRegex),
                ".txt" => MiasDataset.Read(path, Path.GetDirectoryName(Path.GetFullPath(path))!, options),
                _ => throw new DatasetFormatException($"{path}: a data file must be a .csv manifest or candidate list, an .npz archive or a MIAS annotation .txt"),
            };
        }

        if (!Directory.Exists(path))
        {
            throw new DatasetFormatException($"{path}: no such folder or data file");
        }

        var annotations = options.Annotations ?? Directory.EnumerateFiles(path).FirstOrDefault(f => Path.GetFileName(f).Equals("Info.txt", StringComparison.OrdinalIgnoreCase));
        if (annotations is not null)
        {
            return MiasDataset.Read(annotations, path, options);
        }

        var root = Path.GetFullPath(path);
        var splitDirs = Directory.GetDirectories(root)
            .Select(d => (Dir: d, Split: NormaliseSplit(Path.GetFileName(d))))
            .Where(d => d.Split is not null)
            .ToList();
        var files = new List<(string File, string ClassName, string? Split)>();
        if (splitDirs.Count > 0)
        {
            foreach (var (dir, split) in splitDirs)
            {
                CollectClasses(dir, split, options, files);
            }
        }
        else
        {
            CollectClasses(root, null, options, files);
        }

        if (files.Count == 0)
        {
            throw new DatasetFormatException($"{path}: no images ({string.Join(' ', options.Extensions)}) found in class folders");
        }

        var classNames = files.Select(f => f.ClassName).Distinct().Order(StringComparer.Ordinal).ToList();
        var samples = files
            .Select(f =>
            {
                var id = Path.GetRelativePath(root, f.File).Replace('\\', '/');
                return new Sample(id, GroupOf(f.File, id, groupRegex), classNames.IndexOf(f.ClassName), f.Split, f.File);
            })
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        return new Dataset(Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)), root, classNames, samples);
    }

    private static void CollectClasses(string dir, string? split, DatasetOptions options, List<(string, string, string?)> files)
    {
        var classDirs = Directory.GetDirectories(dir).Order(StringComparer.Ordinal).ToList();
        if (classDirs.Count > 0)
        {
            foreach (var classDir in classDirs)
            {
                var className = Path.GetFileName(classDir);
                foreach (var file in ImagesIn(classDir, options))
                {
                    files.Add((file, className, split));
                }
            }

            return;
        }

        // Flat split folder: the class is the file-name prefix ("Tumor (3).png", "normal_12.png").
        foreach (var file in ImagesIn(dir, options))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var cut = name.IndexOfAny([' ', '_', '(']);
            if (cut <= 0)
            {
                throw new DatasetFormatException($"{file}: cannot tell the class: expected class folders or a file name such as 'Tumor (3).png'");
            }

            files.Add((file, name[..cut], split));
        }
    }

    private static IEnumerable<string> ImagesIn(string dir, DatasetOptions options) =>
        Directory.EnumerateFiles(dir)
            .Where(f => options.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal);

    private static string? NormaliseSplit(string folderName)
    {
        var lower = folderName.ToLowerInvariant();
        return lower switch
        {
            "validation" => "val",
            _ when SplitNames.Contains(lower) => lower,
            _ => null,
        };
    }

    private static string GroupOf(string file, string id, Regex? regex)
    {
        if (regex is null)
        {
            return id;
        }

        var match = regex.Match(Path.GetFileName(file));
        if (!match.Success)
        {
            return id;
        }

        var named = match.Groups["group"];
        return named.Success ? named.Value : match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
    }

    private static Dataset FromManifest(string manifest, Regex? groupRegex)
    {
        var root = Path.GetDirectoryName(Path.GetFullPath(manifest))!;
        var lines = File.ReadAllLines(manifest);
        if (lines.Length < 2)
        {
            throw new DatasetFormatException($"{manifest}: expected a header line 'path,label[,group][,split]' and at least one row");
        }

        var header = lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant()).ToList();
        int pathCol = header.IndexOf("path"), labelCol = header.IndexOf("label"), groupCol = header.IndexOf("group"), splitCol = header.IndexOf("split");
        if (pathCol < 0 || labelCol < 0)
        {
            throw new DatasetFormatException($"{manifest}: line 1: the header must name the columns 'path' and 'label', got '{lines[0]}'");
        }

        var rows = new List<(string Path, string Label, string? Group, string? Split)>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var cells = lines[i].Split(',').Select(c => c.Trim()).ToArray();
            if (cells.Length != header.Count)
            {
                throw new DatasetFormatException($"{manifest}: line {i + 1}: {cells.Length} columns, the header has {header.Count}");
            }

            if (cells[labelCol].Length == 0)
            {
                // An empty label would otherwise become a class of its own, named "".
                throw new DatasetFormatException($"{manifest}: line {i + 1}: the label of '{cells[pathCol]}' is empty");
            }

            var split = splitCol >= 0 && cells[splitCol].Length > 0 ? NormaliseSplit(cells[splitCol]) ?? throw new DatasetFormatException(
                $"{manifest}: line {i + 1}: split must be train, val or test, got '{cells[splitCol]}'") : null;
            rows.Add((cells[pathCol], cells[labelCol], groupCol >= 0 && cells[groupCol].Length > 0 ? cells[groupCol] : null, split));
        }

        var classNames = rows.Select(r => r.Label).Distinct()
            .OrderBy(l => int.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)
            .ThenBy(l => l, StringComparer.Ordinal)
            .ToList();
        var samples = rows.Select(r =>
        {
            var full = Path.GetFullPath(Path.Combine(root, r.Path));
            if (!File.Exists(full))
            {
                throw new DatasetFormatException($"{manifest}: image '{r.Path}' does not exist");
            }

            var id = r.Path.Replace('\\', '/');
            return new Sample(id, r.Group ?? GroupOf(full, id, groupRegex), classNames.IndexOf(r.Label), r.Split, full);
        }).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        return new Dataset(Path.GetFileNameWithoutExtension(manifest), root, classNames, samples);
    }

    private static Dataset ApplyGroups(Dataset dataset, string groupsCsv)
    {
        if (!File.Exists(groupsCsv))
        {
            throw new DatasetFormatException($"{groupsCsv}: no such group file");
        }

        var lines = File.ReadAllLines(groupsCsv);
        var header = lines.Length == 0 ? [] : lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant()).ToList();
        int idCol = header.IndexOf("id"), groupCol = header.IndexOf("group");
        if (idCol < 0 || groupCol < 0)
        {
            throw new DatasetFormatException($"{groupsCsv}: line 1: the header must name the columns 'id' and 'group', got '{(lines.Length == 0 ? "" : lines[0])}'");
        }

        var ids = dataset.Samples.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var cells = lines[i].Split(',').Select(c => c.Trim()).ToArray();
            if (cells.Length != header.Count || cells[groupCol].Length == 0)
            {
                throw new DatasetFormatException($"{groupsCsv}: line {i + 1}: expected {header.Count} columns with a non-empty group, got '{lines[i]}'");
            }

            if (!ids.Contains(cells[idCol]))
            {
                throw new DatasetFormatException($"{groupsCsv}: line {i + 1}: no sample has the id '{cells[idCol]}' (ids look like '{dataset.Samples[0].Id}')");
            }

            if (!map.TryAdd(cells[idCol], cells[groupCol]))
            {
                throw new DatasetFormatException($"{groupsCsv}: line {i + 1}: id '{cells[idCol]}' appears twice");
            }
        }

        return dataset with { Samples = [.. dataset.Samples.Select(s => map.TryGetValue(s.Id, out var g) ? s with { Group = g } : s)] };
    }
}
