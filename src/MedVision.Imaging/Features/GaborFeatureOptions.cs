namespace MedVision.Imaging.Features;

/// <summary>Settings of <see cref="GaborFeatures"/>: a bank of frequencies × orientations θ = kπ/n, k = 0…n−1.</summary>
public sealed record GaborFeatureOptions
{
    /// <summary>Spatial frequencies in cycles per pixel; default 0.2, 0.3, 0.4, 0.5.</summary>
    public IReadOnlyList<double> Frequencies { get; init; } = [0.2, 0.3, 0.4, 0.5];

    /// <summary>Number of orientations n; default 4 (0, π/4, π/2, 3π/4).</summary>
    public int Orientations { get; init; } = 4;

    /// <summary>Bandwidth in octaves, which sets σ; default 1 (scikit-image's default).</summary>
    public double Bandwidth { get; init; } = 1;
}
