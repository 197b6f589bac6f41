namespace MedVision.Evaluation;

/// <summary>Shared pieces of the splitters: test-fold vectors to folds, encoding of classes and groups.</summary>
internal static class SplitHelpers
{
    public static void CheckSplits(int nSplits)
    {
        if (nSplits < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(nSplits), nSplits, $"nSplits must be ≥ 2, got {nSplits}");
        }
    }

    /// <summary>Folds from the test fold of every case (−1: always in training).</summary>
    public static IReadOnlyList<Fold> FromTestFolds(int[] testFold, int nSplits, int repeat = 0)
    {
        var folds = new Fold[nSplits];
        for (var f = 0; f < nSplits; f++)
        {
            var test = new List<int>();
            var train = new List<int>();
            for (var i = 0; i < testFold.Length; i++)
            {
                (testFold[i] == f ? test : train).Add(i);
            }

            folds[f] = new Fold(f, [.. train], [.. test]) { Repeat = repeat };
        }

        return folds;
    }

    /// <summary>Sorted distinct values and each element's index into them (<c>np.unique(..., return_inverse=True)</c>).</summary>
    public static (int[] Values, int[] Inverse) UniqueInts(ReadOnlySpan<int> values)
    {
        var distinct = values.ToArray().Distinct().Order().ToArray();
        var inverse = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            inverse[i] = Array.BinarySearch(distinct, values[i]);
        }

        return (distinct, inverse);
    }

    /// <summary>Groups as <c>np.unique</c> sees them: sorted ordinally, each case's index into the sorted list.</summary>
    public static (string[] Names, int[] Inverse) UniqueGroups(IReadOnlyList<string>? groups, int count, string splitter)
    {
        if (groups is null)
        {
            throw new ArgumentNullException(nameof(groups), $"{splitter} needs groups (one per case)");
        }

        if (groups.Count != count)
        {
            throw new ArgumentException($"groups must have one entry per case ({count}), got {groups.Count}", nameof(groups));
        }

        var names = groups.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var g = 0; g < names.Length; g++)
        {
            index[names[g]] = g;
        }

        var inverse = new int[count];
        for (var i = 0; i < count; i++)
        {
            inverse[i] = index[groups[i]];
        }

        return (names, inverse);
    }
}
