namespace MedVision.Evaluation;

/// <summary>
/// Group k-fold as scikit-learn 1.2's <c>GroupKFold</c>: groups (sorted, as <c>np.unique</c>) in order of
/// decreasing size, each to the fold with the fewest cases so far (the first such fold). Among equal sizes the
/// later group comes first (a stable ascending sort reversed; NumPy's unstable sort leaves that order open).
/// Labels are ignored.
/// </summary>
public sealed class GroupKFold(int nSplits = 5) : ISplitter
{
    /// <inheritdoc />
    public IReadOnlyList<Fold> Split(ReadOnlySpan<int> labels, IReadOnlyList<string>? groups = null) =>
        SplitHelpers.FromTestFolds(TestFolds(labels.Length, groups), nSplits);

    /// <summary>The test fold of every case.</summary>
    public int[] TestFolds(int count, IReadOnlyList<string>? groups)
    {
        SplitHelpers.CheckSplits(nSplits);
        var (names, inverse) = SplitHelpers.UniqueGroups(groups, count, nameof(GroupKFold));
        if (nSplits > names.Length)
        {
            throw new ArgumentException($"nSplits={nSplits} cannot be greater than the number of groups ({names.Length})", nameof(groups));
        }

        var sizes = new int[names.Length];
        foreach (var g in inverse)
        {
            sizes[g]++;
        }

        var order = Enumerable.Range(0, names.Length).OrderBy(g => sizes[g]).Reverse().ToArray();
        var foldSize = new long[nSplits];
        var groupFold = new int[names.Length];
        foreach (var g in order)
        {
            var lightest = 0;
            for (var f = 1; f < nSplits; f++)
            {
                lightest = foldSize[f] < foldSize[lightest] ? f : lightest;
            }

            foldSize[lightest] += sizes[g];
            groupFold[g] = lightest;
        }

        return [.. inverse.Select(g => groupFold[g])];
    }
}
