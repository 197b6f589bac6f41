namespace MedVision.Imaging.Features;

/// <summary>Settings of <see cref="LbpFeatures"/>.</summary>
public sealed record LbpFeatureOptions
{
    /// <summary>Neighbours P; default 8.</summary>
    public int Points { get; init; } = 8;

    /// <summary>Circle radius R in pixels; default 1.</summary>
    public double Radius { get; init; } = 1;

    /// <summary>Coding; default <see cref="LbpMethod.Uniform"/> (P + 2 histogram bins).</summary>
    public LbpMethod Method { get; init; } = LbpMethod.Uniform;

    /// <summary>Histogram bins for <see cref="LbpMethod.Var"/>, spread over the image's finite [min, max]; default 16.</summary>
    public int VarBins { get; init; } = 16;
}
