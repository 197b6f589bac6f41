namespace MedVision.Imaging.Wavelets;

/// <summary>One level of a 2-D DWT, as PyWavelets' <c>dwt2</c> result <c>(cA, (cH, cV, cD))</c>.</summary>
public sealed record Dwt2Result(Array2D Approximation, WaveletDetails2D Details);
