namespace MedVision.Evaluation;

/// <summary>Options of <see cref="OperatingPoints.Select(ReadOnlySpan{int}, ReadOnlySpan{double}, OperatingPointOptions)"/>.</summary>
public sealed record OperatingPointOptions
{
    /// <summary>The rule (default Youden).</summary>
    public ThresholdRule Rule { get; init; } = ThresholdRule.Youden;

    /// <summary>Target sensitivity or specificity for the target rules (default 0.9).</summary>
    public double Target { get; init; } = 0.9;

    /// <summary>
    /// Bootstrap for the intervals, or null for point values only (default). Every resample chooses its own
    /// threshold by the same rule and is scored at it, so the intervals include the variability of the choice.
    /// </summary>
    public BootstrapOptions? Bootstrap { get; init; }
}
