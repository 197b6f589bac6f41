namespace MedVision.Evaluation;

/// <summary>
/// Stratified group k-fold with the greedy algorithm of scikit-learn 1.2's <c>StratifiedGroupKFold</c>:
/// groups (sorted, as <c>np.unique</c>) are taken in order of decreasing standard deviation of their class
/// counts (stable, so equal ones keep their order), and each goes to the fold that minimises the mean over
/// classes of the std across folds of the per-class proportions, ties (<c>np.isclose</c>) going to the fold
/// with fewer cases. No group is ever in two folds. With <paramref name="shuffle"/> the group order is shuffled
/// by a seeded permutation before the stable sort (scikit-learn 1.2 shuffles the count rows but not the group
/// names that go with them; here the whole group moves).
/// </summary>
public sealed class StratifiedGroupKFold(int nSplits = 5, bool shuffle = false, ulong seed = 0) : ISplitter
{
    /// <inheritdoc />
    public IReadOnlyList<Fold> Split(ReadOnlySpan<int> labels, IReadOnlyList<string>? groups = null) =>
        SplitHelpers.FromTestFolds(TestFolds(labels, groups), nSplits);

    /// <summary>The test fold of every case.</summary>
    public int[] TestFolds(ReadOnlySpan<int> labels, IReadOnlyList<string>? groups)
    {
        SplitHelpers.CheckSplits(nSplits);
        var (_, yInv) = SplitHelpers.UniqueInts(labels);
        var (names, gInv) = SplitHelpers.UniqueGroups(groups, labels.Length, nameof(StratifiedGroupKFold));
        var classes = yInv.Length == 0 ? 0 : yInv.Max() + 1;
        var yCount = new double[classes];
        foreach (var c in yInv)
        {
            yCount[c]++;
        }

        if (classes == 0 || yCount.All(c => nSplits > c))
        {
            throw new ArgumentException($"nSplits={nSplits} cannot be greater than the number of members in each class", nameof(labels));
        }

        var perGroup = new double[names.Length][];
        for (var g = 0; g < names.Length; g++)
        {
            perGroup[g] = new double[classes];
        }

        for (var i = 0; i < labels.Length; i++)
        {
            perGroup[gInv[i]][yInv[i]]++;
        }

        var order = Enumerable.Range(0, names.Length).ToArray();
        if (shuffle)
        {
            new Rng(seed).Shuffle(order.AsSpan());
        }

        // Stable sort by decreasing std of the class counts (np.argsort(-std, kind="mergesort")).
        var std = order.Select(g => Stats.MeanStd(perGroup[g]).Std).ToArray();
        var sortedGroups = order.Select((g, position) => (g, position)).OrderBy(t => -std[t.position]).Select(t => t.g).ToArray();

        var perFold = new double[nSplits][];
        for (var f = 0; f < nSplits; f++)
        {
            perFold[f] = new double[classes];
        }

        var groupFold = new int[names.Length];
        var proportions = new double[nSplits];
        foreach (var g in sortedGroups)
        {
            var best = -1;
            var minEval = double.PositiveInfinity;
            var minSamples = double.PositiveInfinity;
            for (var f = 0; f < nSplits; f++)
            {
                Add(perFold[f], perGroup[g], 1);
                var eval = 0.0;
                for (var k = 0; k < classes; k++)
                {
                    for (var j = 0; j < nSplits; j++)
                    {
                        proportions[j] = perFold[j][k] / yCount[k];
                    }

                    eval += Stats.MeanStd(proportions).Std;
                }

                Add(perFold[f], perGroup[g], -1);
                eval /= classes;
                var samples = perFold[f].Sum();
                var isClose = Math.Abs(eval - minEval) <= 1e-8 + 1e-5 * Math.Abs(minEval);
                if (eval < minEval || (isClose && samples < minSamples))
                {
                    minEval = eval;
                    minSamples = samples;
                    best = f;
                }
            }

            Add(perFold[best], perGroup[g], 1);
            groupFold[g] = best;
        }

        var testFolds = new int[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            testFolds[i] = groupFold[gInv[i]];
        }

        return testFolds;
    }

    private static void Add(double[] target, double[] counts, int sign)
    {
        for (var k = 0; k < target.Length; k++)
        {
            target[k] += sign * counts[k];
        }
    }
}
