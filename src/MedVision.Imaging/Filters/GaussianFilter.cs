namespace MedVision.Imaging;

/// <summary>
/// Gaussian blur, per channel, separable along y then x. Mirrors <c>scipy.ndimage.gaussian_filter(image,
/// sigma, mode="reflect", truncate=4.0)</c>: radius = ⌊truncate·σ + 0.5⌋, weights exp(−x²/2σ²) normalised to
/// sum 1. <c>skimage.filters.gaussian</c> is the same filter with <c>mode="nearest"</c> by default.
/// </summary>
public static class GaussianFilter
{
    /// <summary>Gaussian blur with standard deviation <paramref name="sigma"/> (pixels), truncate 4, scipy's <c>reflect</c> border.</summary>
    public static Image Apply(Image image, double sigma) => Apply(image, new GaussianFilterOptions { Sigma = sigma });

    /// <summary>Gaussian blur with every option; σ = 0 returns a copy.</summary>
    public static Image Apply(Image image, GaussianFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        Guard.NonNegative(options.Sigma, nameof(options.Sigma));
        Guard.Positive(options.Truncate, nameof(options.Truncate));
        var weights = Kernel(options.Sigma, options.Truncate);
        return Separable.Apply(image, weights, weights, options.Mode, options.Cval);
    }

    /// <summary>The normalised 1-D kernel of length 2·⌊truncate·σ + 0.5⌋ + 1 (scipy <c>_gaussian_kernel1d</c>, order 0).</summary>
    public static double[] Kernel(double sigma, double truncate = 4.0)
    {
        Guard.NonNegative(sigma, nameof(sigma));
        var radius = (int)((truncate * sigma) + 0.5);
        var weights = new double[(2 * radius) + 1];
        if (radius == 0)
        {
            weights[0] = 1;
            return weights;
        }

        var sum = 0.0;
        for (var i = -radius; i <= radius; i++)
        {
            var w = Math.Exp(-0.5 / (sigma * sigma) * i * i);
            weights[i + radius] = w;
            sum += w;
        }

        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] /= sum;
        }

        return weights;
    }
}
