namespace MedVision.Imaging.Wavelets;

/// <summary>One row of <see cref="WaveletFilterTable"/>: a built-in wavelet's two low-pass filters.</summary>
internal sealed record WaveletFilterEntry(string Name, WaveletFamily Family, bool IsOrthogonal, double[] DecLo, double[] RecLo);
