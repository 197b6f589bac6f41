namespace MedVision.Imaging;

/// <summary>
/// Options of <see cref="ImageQuality.Ssim(Image, Image, SsimOptions)"/>, named and defaulted as scikit-image
/// 0.19 <c>metrics.structural_similarity</c>: <see cref="DataRange"/> (required: the span of possible values,
/// 255 for 8-bit data), a 7×7 uniform window, or an 11×11 Gaussian window of σ = 1.5 truncated at 3.5σ when
/// <see cref="GaussianWeights"/> is set (the Wang et al. 2004 setting), K1 = 0.01, K2 = 0.03 and the sample
/// covariance (N/(N − 1)).
/// </summary>
public sealed record SsimOptions
{
    public required double DataRange { get; init; }

    public int WinSize { get; init; } = 7;

    public bool GaussianWeights { get; init; }

    public double Sigma { get; init; } = 1.5;

    public double K1 { get; init; } = 0.01;

    public double K2 { get; init; } = 0.03;

    public bool UseSampleCovariance { get; init; } = true;
}
