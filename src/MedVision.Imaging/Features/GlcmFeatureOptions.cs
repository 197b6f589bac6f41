namespace MedVision.Imaging.Features;

/// <summary>Settings of <see cref="GlcmFeatures"/>.</summary>
public sealed record GlcmFeatureOptions
{
    /// <summary>Pixel-pair distances; default 1.</summary>
    public IReadOnlyList<int> Distances { get; init; } = [1];

    /// <summary>Angles in radians; default 0, π/4, π/2, 3π/4.</summary>
    public IReadOnlyList<double> Angles { get; init; } = [0, Math.PI / 4, Math.PI / 2, 3 * Math.PI / 4];

    /// <summary>Gray levels of the matrix; default 256.</summary>
    public int Levels { get; init; } = 256;

    /// <summary>Largest input value (8-bit: 255); pixel v maps to level ⌊(v + 1e-4) · Levels / (InputMax + 1)⌋, clamped (the 1e-4 keeps integral values that float rounding left just below an integer on their level).</summary>
    public double InputMax { get; init; } = 255;

    /// <summary>Count each pair both ways; default true.</summary>
    public bool Symmetric { get; init; } = true;

    /// <summary>Properties reported, in this order; default all six of <see cref="GlcmProperty"/>.</summary>
    public IReadOnlyList<GlcmProperty> Properties { get; init; } = Enum.GetValues<GlcmProperty>();
}
