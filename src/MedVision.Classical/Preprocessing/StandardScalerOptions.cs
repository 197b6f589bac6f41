namespace MedVision.Classical.Preprocessing;

/// <summary>Options of <see cref="StandardScaler"/> (scikit-learn's <c>with_mean</c>, <c>with_std</c>; both default true).</summary>
public sealed record StandardScalerOptions
{
    /// <summary>Subtract the per-feature mean.</summary>
    public bool WithMean { get; init; } = true;

    /// <summary>Divide by the per-feature population standard deviation (ddof 0); zero-variance features keep scale 1.</summary>
    public bool WithStd { get; init; } = true;
}
