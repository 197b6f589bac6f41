namespace MedVision.Imaging.Features;

/// <summary>
/// Intensity features: the five <see cref="IntensityStatistics"/> (mean, std, skewness, kurtosis, entropy; NaN
/// skewness/kurtosis of a flat image reported as 0 so that feature matrices stay finite) followed by the intensity
/// histogram as fractions of all pixels (<c>np.histogram(x, bins, range=(Min, Max))[0] / x.size</c>).
/// </summary>
public sealed class IntensityFeatures : IImageFeatureExtractor
{
    public IntensityFeatures()
        : this(new IntensityFeatureOptions())
    {
    }

    public IntensityFeatures(IntensityFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Bins, 1, nameof(options));
        if (!(options.Max > options.Min))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"histogram range must have Max > Min, got [{options.Min}, {options.Max})");
        }

        Options = options;
    }

    public IntensityFeatureOptions Options { get; }

    public string Name => "stats";

    public int FeatureCount(int height, int width) => 5 + Options.Bins;

    /// <summary>The normalised histogram of <paramref name="values"/> (NumPy rule: bins of equal width, last one closed).</summary>
    public static void Histogram(ReadOnlySpan<float> values, double min, double max, Span<float> destination)
    {
        var bins = destination.Length;
        Span<double> counts = bins <= 1024 ? stackalloc double[bins] : new double[bins];
        counts.Clear();
        foreach (var v in values)
        {
            if (v < min || v > max || float.IsNaN(v))
            {
                continue;
            }

            var bin = (int)((v - min) / (max - min) * bins);
            counts[Math.Min(bin, bins - 1)]++;
        }

        for (var b = 0; b < bins; b++)
        {
            destination[b] = values.IsEmpty ? 0 : (float)(counts[b] / values.Length);
        }
    }

    public void Extract(Image image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (destination.Length != 5 + Options.Bins)
        {
            throw new ArgumentException($"destination must hold {5 + Options.Bins} features, got {destination.Length}", nameof(destination));
        }

        var gray = image.ToGray().Plane(0);
        var s = IntensityStatistics.Compute(gray);
        destination[0] = (float)s.Mean;
        destination[1] = (float)s.Std;
        destination[2] = double.IsNaN(s.Skewness) ? 0 : (float)s.Skewness;
        destination[3] = double.IsNaN(s.Kurtosis) ? 0 : (float)s.Kurtosis;
        destination[4] = (float)s.Entropy;
        Histogram(gray, Options.Min, Options.Max, destination[5..]);
    }
}
