namespace MedVision.Data;

/// <summary>A labelled set of samples with its class names (index = label).</summary>
/// <param name="Name">Display name (the folder or manifest name).</param>
/// <param name="Root">Folder the sample paths are relative to.</param>
/// <param name="ClassNames">Class names in label order.</param>
/// <param name="Samples">The samples, in a stable order (sorted by id).</param>
public sealed record Dataset(string Name, string Root, IReadOnlyList<string> ClassNames, IReadOnlyList<Sample> Samples)
{
    /// <summary>What discovery left out or assumed (skipped annotations, candidates without a volume), one line each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Samples per class, in label order.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassNames.Count];
        foreach (var s in Samples)
        {
            counts[s.Label]++;
        }

        return counts;
    }

    /// <summary>Samples per (split, class); the split is "all" for samples without a fixed split.</summary>
    public IReadOnlyDictionary<string, int[]> ClassCountsBySplit()
    {
        var bySplit = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var s in Samples)
        {
            var key = s.Split ?? "all";
            if (!bySplit.TryGetValue(key, out var counts))
            {
                bySplit[key] = counts = new int[ClassNames.Count];
            }

            counts[s.Label]++;
        }

        return bySplit;
    }
}
