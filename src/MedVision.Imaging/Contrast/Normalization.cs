namespace MedVision.Imaging;

/// <summary>
/// Intensity normalisation, each channel on its own statistics: min-max (MONAI <c>ScaleIntensity</c>),
/// z-score with the population standard deviation (NumPy <c>std</c>, ddof 0; scikit-learn
/// <c>StandardScaler</c>) and percentile scaling (MONAI <c>ScaleIntensityRangePercentiles</c>, percentiles by
/// NumPy's default linear interpolation).
/// </summary>
public static class Normalization
{
    /// <summary>Maps [min, max] of each channel linearly onto [<paramref name="outMin"/>, <paramref name="outMax"/>] (default [0, 1]); a constant channel becomes <paramref name="outMin"/>.</summary>
    public static Image MinMax(Image image, double outMin = 0, double outMax = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        return PerChannel(image, plane =>
        {
            var (min, max) = Range(plane);
            var scale = max > min ? (outMax - outMin) / (max - min) : 0;
            return (min, scale, outMin);
        });
    }

    /// <summary>(v − mean)/std per channel, std with ddof 0; a constant channel (std 0) becomes 0.</summary>
    public static Image ZScore(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return PerChannel(image, plane =>
        {
            double sum = 0;
            foreach (var v in plane)
            {
                sum += v;
            }

            var mean = sum / plane.Length;
            double squares = 0;
            foreach (var v in plane)
            {
                squares += (v - mean) * (v - mean);
            }

            var std = Math.Sqrt(squares / plane.Length);
            return (mean, std > 0 ? 1 / std : 0, 0.0);
        });
    }

    /// <summary>
    /// Maps the <paramref name="lower"/>-th and <paramref name="upper"/>-th percentiles (0–100, default 1 and 99)
    /// of each channel onto [<paramref name="outMin"/>, <paramref name="outMax"/>], clipping values outside when
    /// <paramref name="clip"/> (default true).
    /// </summary>
    public static Image Percentile(Image image, double lower = 1, double upper = 99, double outMin = 0, double outMax = 1, bool clip = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!(lower >= 0 && lower < upper && upper <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(lower), $"percentiles must satisfy 0 ≤ lower < upper ≤ 100, got lower={lower}, upper={upper}");
        }

        var result = PerChannel(image, plane =>
        {
            var sorted = plane.ToArray();
            Array.Sort(sorted);
            var lo = PercentileOfSorted(sorted, lower);
            var hi = PercentileOfSorted(sorted, upper);
            var scale = hi > lo ? (outMax - outMin) / (hi - lo) : 0;
            return (lo, scale, outMin);
        });
        if (clip)
        {
            var (a, b) = (Math.Min(outMin, outMax), Math.Max(outMin, outMax));
            for (var i = 0; i < result.Data.Length; i++)
            {
                result.Data[i] = (float)Math.Clamp(result.Data[i], a, b);
            }
        }

        return result;
    }

    /// <summary><c>numpy.percentile(a, q)</c> (method "linear") of an ascending array.</summary>
    public static double PercentileOfSorted(ReadOnlySpan<float> sorted, double q)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("sorted must not be empty", nameof(sorted));
        }

        var position = q / 100 * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        var t = position - below;
        double a = sorted[below];
        double b = sorted[above];

        // NumPy's _lerp: a + (b − a)·t, evaluated from the upper end when t ≥ 0.5.
        return t >= 0.5 ? b - ((b - a) * (1 - t)) : a + ((b - a) * t);
    }

    private static (double Min, double Max) Range(ReadOnlySpan<float> plane)
    {
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var v in plane)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return (min, max);
    }

    /// <summary>Applies out = (v − shift)·scale + offset per channel, with (shift, scale, offset) from each plane.</summary>
    private static Image PerChannel(Image image, Func<float[], (double Shift, double Scale, double Offset)> statistics)
    {
        var result = new Image(image.Channels, image.Height, image.Width);
        for (var c = 0; c < image.Channels; c++)
        {
            var plane = image.Plane(c).ToArray();
            if (plane.Length == 0)
            {
                continue;
            }

            var (shift, scale, offset) = statistics(plane);
            var output = result.Plane(c);
            for (var i = 0; i < plane.Length; i++)
            {
                output[i] = (float)(((plane[i] - shift) * scale) + offset);
            }
        }

        return result;
    }
}
