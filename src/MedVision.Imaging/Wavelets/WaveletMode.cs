namespace MedVision.Imaging.Wavelets;

/// <summary>
/// How a signal is extended beyond its edges before filtering, as PyWavelets' <c>pywt.Modes</c>
/// (x = x₀ … x_{N−1}; the extensions repeat as far as a long filter needs).
/// </summary>
public enum WaveletMode
{
    /// <summary>Zeros outside the signal (<c>zero</c>).</summary>
    Zero,

    /// <summary>The edge samples repeated (<c>constant</c>).</summary>
    Constant,

    /// <summary>Half-sample mirror: … x₁ x₀ | x₀ x₁ … (<c>symmetric</c>, the PyWavelets default).</summary>
    Symmetric,

    /// <summary>The signal repeated: … x_{N−1} | x₀ … x_{N−1} | x₀ … (<c>periodic</c>).</summary>
    Periodic,

    /// <summary>Linear extrapolation with the slope of the two edge samples (<c>smooth</c>).</summary>
    Smooth,

    /// <summary>
    /// Periodic extension that keeps the output at ⌈N/2⌉ coefficients (an odd signal is first padded with its
    /// last sample), so the transform is non-redundant (<c>periodization</c>).
    /// </summary>
    Periodization,

    /// <summary>Whole-sample mirror: … x₂ x₁ | x₀ x₁ x₂ … (<c>reflect</c>; a one-sample signal is extended by itself).</summary>
    Reflect,

    /// <summary>Half-sample mirror with sign flip: … −x₁ −x₀ | x₀ x₁ … (<c>antisymmetric</c>).</summary>
    Antisymmetric,

    /// <summary>Whole-sample point reflection: … 2x₀−x₂ 2x₀−x₁ | x₀ x₁ … (<c>antireflect</c>).</summary>
    AntiReflect,
}
