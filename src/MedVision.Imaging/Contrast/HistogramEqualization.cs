namespace MedVision.Imaging;

/// <summary>
/// Global histogram equalisation, per channel, as scikit-image <c>exposure.equalize_hist(image, nbins=256)</c>
/// on a float image: the cumulative distribution of a <see cref="UniformHistogram"/> over the channel's range,
/// normalised to end at 1, linearly interpolated at each pixel between bin centres (<c>numpy.interp</c>,
/// clamped outside). The output lies in (0, 1].
/// </summary>
public static class HistogramEqualization
{
    /// <summary>Equalises each channel with <paramref name="bins"/> bins (default 256).</summary>
    public static Image Apply(Image image, int bins = 256)
    {
        ArgumentNullException.ThrowIfNull(image);
        Guard.AtLeast(bins, 1, nameof(bins));
        var result = new Image(image.Channels, image.Height, image.Width);
        if (image.PlaneSize == 0)
        {
            return result;
        }

        for (var c = 0; c < image.Channels; c++)
        {
            var plane = image.Plane(c);
            var histogram = UniformHistogram.Compute(plane, bins);
            var cdf = new double[bins];
            double running = 0;
            for (var i = 0; i < bins; i++)
            {
                running += histogram.Counts[i];
                cdf[i] = running;
            }

            for (var i = 0; i < bins; i++)
            {
                cdf[i] /= running;
            }

            var centers = histogram.Centers;
            var output = result.Plane(c);
            for (var i = 0; i < plane.Length; i++)
            {
                output[i] = (float)Interp(plane[i], centers, cdf);
            }
        }

        return result;
    }

    /// <summary><c>numpy.interp(x, xp, fp)</c> for increasing <paramref name="xp"/>.</summary>
    internal static double Interp(double x, double[] xp, double[] fp)
    {
        if (x <= xp[0])
        {
            return fp[0];
        }

        var n = xp.Length;
        if (x >= xp[n - 1])
        {
            return fp[n - 1];
        }

        var j = Array.BinarySearch(xp, x);
        if (j >= 0)
        {
            return fp[j];
        }

        j = ~j - 1;
        var slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
        return (slope * (x - xp[j])) + fp[j];
    }
}
