namespace MedVision.Imaging.Augmentation;

/// <summary>
/// Gamma on the image's own intensity range, as MONAI <c>RandAdjustContrast</c> (its <c>prob</c> is
/// <see cref="RandomApply"/>): γ ~ U(GammaLow, GammaHigh), then per image v → ((v − min)/(max − min + ε))^γ·(max − min) + min
/// with ε = 1e-7, so the result keeps the range whatever the scale of the values. On an image spanning exactly [0, 1]
/// this is scikit-image <c>exposure.adjust_gamma(image, γ)</c>.
/// </summary>
public sealed record RandAdjustContrast(double GammaLow = 0.5, double GammaHigh = 4.5) : IAugmentation
{
    private const double Epsilon = 1e-7;

    public Image Apply(Image image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        Draw.Range(GammaLow, GammaHigh, "Gamma");
        Guard.Positive(GammaLow, nameof(GammaLow));
        var gamma = Draw.Uniform(random, GammaLow, GammaHigh);
        return Adjust(image, gamma);
    }

    /// <summary>The transform at a fixed <paramref name="gamma"/>.</summary>
    public static Image Adjust(Image image, double gamma)
    {
        ArgumentNullException.ThrowIfNull(image);
        Guard.Positive(gamma, nameof(gamma));
        var result = new Image(image.Channels, image.Height, image.Width);
        if (image.Data.Length == 0)
        {
            return result;
        }

        double min = image.Data.Min();
        var range = image.Data.Max() - min;
        for (var i = 0; i < result.Data.Length; i++)
        {
            result.Data[i] = (float)((Math.Pow((image.Data[i] - min) / (range + Epsilon), gamma) * range) + min);
        }

        return result;
    }
}
