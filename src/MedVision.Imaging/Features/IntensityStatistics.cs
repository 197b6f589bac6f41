namespace MedVision.Imaging.Features;

/// <summary>
/// First-order intensity statistics: mean, population standard deviation (NumPy <c>std</c>), skewness and excess
/// kurtosis (SciPy <c>stats.skew</c> / <c>stats.kurtosis</c>, biased: m3/m2^1.5 and m4/m2² − 3; NaN for a constant
/// input, as SciPy), and Shannon entropy in bits over the distinct values (<c>skimage.measure.shannon_entropy</c>).
/// </summary>
public sealed record IntensityStatistics(double Mean, double Std, double Skewness, double Kurtosis, double Entropy)
{
    public static IntensityStatistics Compute(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("values must hold at least one value", nameof(values));
        }

        var n = values.Length;
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        var mean = sum / n;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var v in values)
        {
            var d = v - mean;
            var d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }

        (m2, m3, m4) = (m2 / n, m3 / n, m4 / n);

        // SciPy treats m2 below (resolution · mean)² as zero variance.
        var constant = m2 <= Math.Pow(1e-15 * mean, 2);
        var skew = constant ? double.NaN : m3 / Math.Pow(m2, 1.5);
        var kurtosis = constant ? double.NaN : (m4 / (m2 * m2)) - 3;
        return new IntensityStatistics(mean, Math.Sqrt(m2), skew, kurtosis, ShannonEntropy(values));
    }

    private static double ShannonEntropy(ReadOnlySpan<float> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double entropy = 0;
        var n = (double)sorted.Length;
        for (var start = 0; start < sorted.Length;)
        {
            var end = start + 1;
            while (end < sorted.Length && sorted[end].Equals(sorted[start]))
            {
                end++;
            }

            var p = (end - start) / n;
            entropy -= p * Math.Log2(p);
            start = end;
        }

        return entropy;
    }
}
