namespace MedVision.Evaluation;

/// <summary>
/// Stratified k-fold as scikit-learn 1.2's <c>StratifiedKFold</c>: classes numbered in order of first
/// appearance, the sorted class sequence dealt round-robin to the folds to fix each fold's class counts, and
/// each class's cases given their folds in case order — or in a seeded shuffled order with
/// <paramref name="shuffle"/> (the folds then differ from scikit-learn's, whose generator is NumPy's; the
/// per-fold class counts are the same). Groups are ignored.
/// </summary>
public sealed class StratifiedKFold(int nSplits = 5, bool shuffle = false, ulong seed = 0) : ISplitter
{
    /// <inheritdoc />
    public IReadOnlyList<Fold> Split(ReadOnlySpan<int> labels, IReadOnlyList<string>? groups = null) =>
        SplitHelpers.FromTestFolds(TestFolds(labels), nSplits);

    /// <summary>The test fold of every case.</summary>
    public int[] TestFolds(ReadOnlySpan<int> labels)
    {
        SplitHelpers.CheckSplits(nSplits);
        // Classes in order of first appearance.
        var code = new Dictionary<int, int>();
        var encoded = new int[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            if (!code.TryGetValue(labels[i], out var c))
            {
                c = code.Count;
                code.Add(labels[i], c);
            }

            encoded[i] = c;
        }

        var classes = code.Count;
        var counts = new int[classes];
        foreach (var c in encoded)
        {
            counts[c]++;
        }

        if (classes == 0 || counts.All(c => nSplits > c))
        {
            throw new ArgumentException($"nSplits={nSplits} cannot be greater than the number of members in each class (class sizes {string.Join(", ", counts)})", nameof(labels));
        }

        // allocation[f, k] = count of class k in sorted(y)[f::nSplits].
        var sorted = encoded.Order().ToArray();
        var allocation = new int[nSplits, classes];
        for (var i = 0; i < sorted.Length; i++)
        {
            allocation[i % nSplits, sorted[i]]++;
        }

        var rng = new Rng(seed);
        var testFolds = new int[labels.Length];
        for (var k = 0; k < classes; k++)
        {
            var forClass = new List<int>();
            for (var f = 0; f < nSplits; f++)
            {
                forClass.AddRange(Enumerable.Repeat(f, allocation[f, k]));
            }

            var folds = forClass.ToArray();
            if (shuffle)
            {
                rng.Shuffle(folds.AsSpan());
            }

            var next = 0;
            for (var i = 0; i < labels.Length; i++)
            {
                if (encoded[i] == k)
                {
                    testFolds[i] = folds[next++];
                }
            }
        }

        return testFolds;
    }
}
