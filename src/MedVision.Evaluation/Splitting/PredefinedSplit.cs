namespace MedVision.Evaluation;

/// <summary>
/// Fixed folds given per case, as scikit-learn's <c>PredefinedSplit</c>: case i is in the test set of fold
/// <c>testFold[i]</c>; −1 keeps it in training always. Folds are the distinct non-negative values in increasing
/// order. Built from a fold-assignment CSV (<see cref="FoldAssignments.Read"/>) or from split names
/// (<see cref="FromSplitNames"/>).
/// </summary>
public sealed class PredefinedSplit : ISplitter
{
    private readonly int[] _testFold;

    /// <summary>Folds from the test fold of every case.</summary>
    public PredefinedSplit(IReadOnlyList<int> testFold)
    {
        ArgumentNullException.ThrowIfNull(testFold);
        for (var i = 0; i < testFold.Count; i++)
        {
            if (testFold[i] < -1)
            {
                throw new ArgumentException($"testFold[{i}] must be ≥ −1, got {testFold[i]}", nameof(testFold));
            }
        }

        _testFold = [.. testFold];
    }

    /// <summary>
    /// One fold from per-case split names (a manifest's <c>split</c> column or <c>Train/</c>, <c>Test/</c> folders):
    /// cases named <paramref name="testName"/> are the test set, every other case trains.
    /// </summary>
    public static PredefinedSplit FromSplitNames(IReadOnlyList<string> splits, string testName = "test")
    {
        ArgumentNullException.ThrowIfNull(splits);
        return new PredefinedSplit([.. splits.Select(s => string.Equals(s, testName, StringComparison.OrdinalIgnoreCase) ? 0 : -1)]);
    }

    /// <inheritdoc />
    public IReadOnlyList<Fold> Split(ReadOnlySpan<int> labels, IReadOnlyList<string>? groups = null)
    {
        if (labels.Length != _testFold.Length)
        {
            throw new ArgumentException($"labels must have one entry per case of the predefined split ({_testFold.Length}), got {labels.Length}", nameof(labels));
        }

        var folds = _testFold.Where(f => f >= 0).Distinct().Order().ToArray();
        return [.. folds.Select((f, k) => new Fold(
            k,
            [.. Enumerable.Range(0, _testFold.Length).Where(i => _testFold[i] != f)],
            [.. Enumerable.Range(0, _testFold.Length).Where(i => _testFold[i] == f)]))];
    }
}
