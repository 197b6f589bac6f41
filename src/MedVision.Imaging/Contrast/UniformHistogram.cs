namespace MedVision.Imaging;

/// <summary>
/// A histogram with equal-width bins over [min, max] of the data, binned exactly as <c>numpy.histogram(a,
/// bins=n)</c> does (edges by <c>linspace</c>, the last bin closed, values on an edge go to the upper bin):
/// the histogram behind scikit-image's <c>exposure.histogram</c>, <c>equalize_hist</c> and
/// <c>threshold_otsu</c> for float images.
/// </summary>
/// <param name="Counts">Pixels per bin (length = number of bins).</param>
/// <param name="Centers">Bin centres (eᵢ + eᵢ₊₁)/2.</param>
public sealed record UniformHistogram(long[] Counts, double[] Centers)
{
    /// <summary>Bins every value of <paramref name="values"/> into <paramref name="bins"/> equal bins over its range (a single value v gets [v − 0.5, v + 0.5], as NumPy).</summary>
    public static UniformHistogram Compute(ReadOnlySpan<float> values, int bins = 256)
    {
        Guard.AtLeast(bins, 1, nameof(bins));
        if (values.IsEmpty)
        {
            throw new ArgumentException("values must not be empty", nameof(values));
        }

        double first = float.PositiveInfinity;
        double last = float.NegativeInfinity;
        foreach (var v in values)
        {
            if (float.IsNaN(v))
            {
                throw new ArgumentException("values must not contain NaN", nameof(values));
            }

            first = Math.Min(first, v);
            last = Math.Max(last, v);
        }

        if (first == last)
        {
            first -= 0.5;
            last += 0.5;
        }

        var edges = new double[bins + 1];
        var step = (last - first) / bins;
        for (var i = 0; i < bins; i++)
        {
            edges[i] = first + (i * step);
        }

        edges[bins] = last;
        var norm = bins / (last - first);
        var counts = new long[bins];
        foreach (var v in values)
        {
            var index = (int)((v - first) * norm);
            if (index == bins)
            {
                index--;
            }

            if (v < edges[index])
            {
                index--;
            }
            else if (index != bins - 1 && v >= edges[index + 1])
            {
                index++;
            }

            counts[index]++;
        }

        var centers = new double[bins];
        for (var i = 0; i < bins; i++)
        {
            centers[i] = (edges[i] + edges[i + 1]) / 2;
        }

        return new UniformHistogram(counts, centers);
    }
}
