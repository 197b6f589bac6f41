namespace MedVision.Imaging;

/// <summary>
/// Otsu's threshold as scikit-image 0.19 <c>filters.threshold_otsu(image, nbins=256)</c> on a float image:
/// the bin centre of a <see cref="UniformHistogram"/> that maximises the between-class variance
/// w₁(t)·w₂(t)·(μ₁(t) − μ₂(t))² (first maximum); foreground is <c>image &gt; threshold</c>. A constant image
/// returns its value.
/// </summary>
public static class Otsu
{
    /// <summary>Threshold of channel <paramref name="channel"/> (default 0; use <see cref="Image.ToGray"/> for colour) with <paramref name="bins"/> bins.</summary>
    public static double Threshold(Image image, int bins = 256, int channel = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, image.Channels);
        return Threshold(image.Plane(channel), bins);
    }

    /// <summary>Threshold of the values <paramref name="values"/>.</summary>
    public static double Threshold(ReadOnlySpan<float> values, int bins = 256)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("values must not be empty", nameof(values));
        }

        var first = values[0];
        var constant = true;
        foreach (var v in values)
        {
            constant &= v == first;
        }

        if (constant)
        {
            return first;
        }

        var histogram = UniformHistogram.Compute(values, bins);
        var counts = histogram.Counts;
        var centers = histogram.Centers;
        var n = counts.Length;
        var weight1 = new double[n];
        var mean1 = new double[n];
        double w = 0;
        double m = 0;
        for (var i = 0; i < n; i++)
        {
            w += counts[i];
            m += counts[i] * centers[i];
            weight1[i] = w;
            mean1[i] = m / w;
        }

        var weight2 = new double[n];
        var mean2 = new double[n];
        w = 0;
        m = 0;
        for (var i = n - 1; i >= 0; i--)
        {
            w += counts[i];
            m += counts[i] * centers[i];
            weight2[i] = w;
            mean2[i] = m / w;
        }

        var best = 0;
        var bestVariance = double.NegativeInfinity;
        for (var i = 0; i < n - 1; i++)
        {
            var d = mean1[i] - mean2[i + 1];
            var variance = weight1[i] * weight2[i + 1] * d * d;
            if (variance > bestVariance)
            {
                bestVariance = variance;
                best = i;
            }
        }

        return centers[best];
    }
}
