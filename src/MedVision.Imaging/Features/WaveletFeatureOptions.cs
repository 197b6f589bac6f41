using MedVision.Imaging.Wavelets;

namespace MedVision.Imaging.Features;

/// <summary>
/// Settings of <see cref="WaveletFeatures"/>. The defaults are seeds/000's: <c>db5</c>, 4 levels, symmetric mode,
/// details of levels 2–4 kept, the level-4 approximation and level-1 details dropped (2,430 features at 60 × 60).
/// </summary>
public sealed record WaveletFeatureOptions
{
    /// <summary>Built-in wavelet name (<see cref="Wavelets.Wavelet.Names"/>); default <c>db5</c>.</summary>
    public string Wavelet { get; init; } = "db5";

    /// <summary>Decomposition depth n; default 4.</summary>
    public int Level { get; init; } = 4;

    /// <summary>Finest detail level kept (1 = finest); default 2.</summary>
    public int FirstDetailLevel { get; init; } = 2;

    /// <summary>Coarsest detail level kept (≤ <see cref="Level"/>); default 4.</summary>
    public int LastDetailLevel { get; init; } = 4;

    /// <summary>Also keep the approximation cA_n, first in the vector as in <c>wavedec2</c>; default false.</summary>
    public bool IncludeApproximation { get; init; }

    /// <summary>Signal extension; default <see cref="WaveletMode.Symmetric"/> (PyWavelets' default).</summary>
    public WaveletMode Mode { get; init; } = WaveletMode.Symmetric;
}
