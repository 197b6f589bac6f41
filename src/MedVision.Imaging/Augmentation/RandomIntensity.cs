namespace MedVision.Imaging.Augmentation;

/// <summary>
/// Random brightness, contrast and gamma, each drawn uniformly from its range (defaults leave the image
/// unchanged): brightness multiplies by b; contrast maps v → (v − mean)·c + mean per channel (PIL
/// <c>ImageEnhance.Contrast</c> about the mean); gamma maps v → MaxValue·(v/MaxValue)^γ for v ≥ 0
/// (scikit-image <c>adjust_gamma</c>).
/// </summary>
public sealed record RandomIntensity : IAugmentation
{
    public double BrightnessLow { get; init; } = 1;

    public double BrightnessHigh { get; init; } = 1;

    public double ContrastLow { get; init; } = 1;

    public double ContrastHigh { get; init; } = 1;

    public double GammaLow { get; init; } = 1;

    public double GammaHigh { get; init; } = 1;

    /// <summary>Full scale for gamma (default 255).</summary>
    public double MaxValue { get; init; } = 255;

    public Image Apply(Image image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        Draw.Range(BrightnessLow, BrightnessHigh, "Brightness");
        Draw.Range(ContrastLow, ContrastHigh, "Contrast");
        Draw.Range(GammaLow, GammaHigh, "Gamma");
        Guard.Positive(GammaLow, nameof(GammaLow));
        Guard.Positive(MaxValue, nameof(MaxValue));
        var brightness = Draw.Uniform(random, BrightnessLow, BrightnessHigh);
        var contrast = Draw.Uniform(random, ContrastLow, ContrastHigh);
        var gamma = Draw.Uniform(random, GammaLow, GammaHigh);
        var result = new Image(image.Channels, image.Height, image.Width);
        for (var c = 0; c < image.Channels; c++)
        {
            var src = image.Plane(c);
            double mean = 0;
            foreach (var v in src)
            {
                mean += v;
            }

            mean = src.Length > 0 ? mean * brightness / src.Length : 0;
            var dst = result.Plane(c);
            for (var i = 0; i < src.Length; i++)
            {
                var v = ((src[i] * brightness) - mean) * contrast + mean;
                if (gamma != 1)
                {
                    v = MaxValue * Math.Pow(Math.Max(v, 0) / MaxValue, gamma);
                }

                dst[i] = (float)v;
            }
        }

        return result;
    }
}
