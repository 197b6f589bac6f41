namespace MedVision.Imaging.Features;

/// <summary>Settings of <see cref="IntensityFeatures"/>.</summary>
public sealed record IntensityFeatureOptions
{
    /// <summary>Histogram bins; default 16.</summary>
    public int Bins { get; init; } = 16;

    /// <summary>Histogram range [Min, Max); default [0, 256) for 8-bit images.</summary>
    public double Min { get; init; }

    /// <summary>Upper histogram edge; values equal to it fall in the last bin, as NumPy's <c>histogram</c>.</summary>
    public double Max { get; init; } = 256;
}
