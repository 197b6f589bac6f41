namespace MedVision.Evaluation;

/// <summary>How a bootstrap interval is read off the resampled statistics.</summary>
public enum BootstrapInterval
{
    /// <summary>The α/2 and 1 − α/2 percentiles of the replicates (linear interpolation, as <c>np.percentile</c>).</summary>
    Percentile,

    /// <summary>Bias-corrected and accelerated (Efron 1987; Efron &amp; Tibshirani 1993 §14.3), as <c>scipy.stats.bootstrap(method='BCa')</c>.</summary>
    BCa,
}

/// <summary>Options of the bootstrap (<see cref="Bootstrap"/>).</summary>
public sealed record BootstrapOptions
{
    /// <summary>Number of resamples (default 1000).</summary>
    public int Resamples { get; init; } = 1000;

    /// <summary>Two-sided confidence level (default 0.95).</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Interval method (default percentile).</summary>
    public BootstrapInterval Method { get; init; } = BootstrapInterval.Percentile;

    /// <summary>
    /// Keep the number of positive and negative units fixed in every resample (default true), so every
    /// resample has both classes. With groups, a group counts as positive when it holds a positive case.
    /// </summary>
    public bool Stratified { get; init; } = true;

    /// <summary>
    /// Group of each case (patient, source image), or null. When given, whole groups are drawn with
    /// replacement (cluster bootstrap) and BCa's jackknife leaves out one group at a time.
    /// </summary>
    public IReadOnlyList<string>? Groups { get; init; }

    /// <summary>Seed of the resampling (default 0). Same seed → same intervals, whatever the thread count.</summary>
    public ulong Seed { get; init; }

    /// <summary>Threads for the resamples (default −1: all cores). Does not change the result.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
