namespace MedVision.Evaluation;

/// <summary>
/// A splitter run repeats times with seeds <c>seed, seed + 1, …</c> (scikit-learn's
/// <c>RepeatedStratifiedKFold</c> pattern); folds are numbered within each repeat and carry <see cref="Fold.Repeat"/>.
/// </summary>
public sealed class RepeatedSplitter : ISplitter
{
    private readonly Func<ulong, ISplitter> _factory;
    private readonly int _repeats;
    private readonly ulong _seed;

    /// <summary>Runs <paramref name="factory"/>(seed + r) for r = 0 … repeats − 1.</summary>
    public RepeatedSplitter(Func<ulong, ISplitter> factory, int repeats, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (repeats < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(repeats), repeats, $"repeats must be ≥ 1, got {repeats}");
        }

        (_factory, _repeats, _seed) = (factory, repeats, seed);
    }

    /// <summary>Repeated shuffled stratified k-fold.</summary>
    public static RepeatedSplitter StratifiedKFold(int nSplits = 5, int repeats = 10, ulong seed = 0) =>
        new(s => new StratifiedKFold(nSplits, shuffle: true, s), repeats, seed);

    /// <summary>Repeated shuffled stratified group k-fold.</summary>
    public static RepeatedSplitter StratifiedGroupKFold(int nSplits = 5, int repeats = 10, ulong seed = 0) =>
        new(s => new StratifiedGroupKFold(nSplits, shuffle: true, s), repeats, seed);

    /// <inheritdoc />
    public IReadOnlyList<Fold> Split(ReadOnlySpan<int> labels, IReadOnlyList<string>? groups = null)
    {
        var folds = new List<Fold>();
        for (var r = 0; r < _repeats; r++)
        {
            folds.AddRange(_factory(_seed + (ulong)r).Split(labels, groups).Select(f => f with { Repeat = r }));
        }

        return folds;
    }
}
