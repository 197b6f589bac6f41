namespace MedVision.Imaging.Features;

/// <summary>
/// A gray-level co-occurrence matrix as scikit-image's <c>graycomatrix</c>: shape (levels, levels, distances, angles),
/// C order, element (i, j, d, a) at <c>Data[((i·levels + j)·D + d)·A + a]</c> = how often level j lies at offset
/// (round(sin θ_a · d), round(cos θ_a · d)) (rows, columns; rounding half away from zero) from level i.
/// </summary>
public sealed class GrayLevelCooccurrence
{
    private GrayLevelCooccurrence(int levels, int distances, int angles, double[] data)
    {
        Levels = levels;
        DistanceCount = distances;
        AngleCount = angles;
        Data = data;
    }

    public int Levels { get; }

    public int DistanceCount { get; }

    public int AngleCount { get; }

    /// <summary>Counts (or probabilities when normed), layout (levels, levels, distances, angles).</summary>
    public double[] Data { get; }

    /// <summary>
    /// Counts co-occurrences in an H × W image of integer levels in [0, <paramref name="levels"/>)
    /// (<c>graycomatrix(image, distances, angles, levels, symmetric, normed)</c>). Symmetric adds the transpose;
    /// normed divides each (d, a) slice by its sum (empty slices stay zero).
    /// </summary>
    public static GrayLevelCooccurrence Compute(
        ReadOnlySpan<int> image, int height, int width, ReadOnlySpan<int> distances, ReadOnlySpan<double> angles, int levels,
        bool symmetric = false, bool normed = false)
    {
        if (image.Length != height * width)
        {
            throw new ArgumentException($"image must hold {height}×{width} values, got {image.Length}", nameof(image));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(levels, 65536);
        if (distances.IsEmpty || angles.IsEmpty)
        {
            throw new ArgumentException("at least one distance and one angle are needed");
        }

        foreach (var d in distances)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(distances));
        }

        foreach (var v in image)
        {
            if ((uint)v >= (uint)levels)
            {
                throw new ArgumentException($"image values must lie in [0, {levels}), got {v}", nameof(image));
            }
        }

        var (nd, na) = (distances.Length, angles.Length);
        var data = new double[checked(levels * levels * nd * na)];
        for (var a = 0; a < na; a++)
        {
            for (var di = 0; di < nd; di++)
            {
                var dr = (int)Math.Round(Math.Sin(angles[a]) * distances[di], MidpointRounding.AwayFromZero);
                var dc = (int)Math.Round(Math.Cos(angles[a]) * distances[di], MidpointRounding.AwayFromZero);
                var (r0, r1) = (Math.Max(0, -dr), Math.Min(height, height - dr));
                var (c0, c1) = (Math.Max(0, -dc), Math.Min(width, width - dc));
                for (var r = r0; r < r1; r++)
                {
                    for (var c = c0; c < c1; c++)
                    {
                        var i = image[(r * width) + c];
                        var j = image[((r + dr) * width) + c + dc];
                        data[((((i * levels) + j) * nd) + di) * na + a] += 1;
                    }
                }
            }
        }

        var slices = nd * na;
        if (symmetric)
        {
            for (var i = 0; i < levels; i++)
            {
                for (var j = i; j < levels; j++)
                {
                    for (var s = 0; s < slices; s++)
                    {
                        var ij = (((i * levels) + j) * slices) + s;
                        var ji = (((j * levels) + i) * slices) + s;
                        var sum = data[ij] + data[ji];
                        data[ij] = sum;
                        data[ji] = sum;
                    }
                }
            }
        }

        var result = new GrayLevelCooccurrence(levels, nd, na, data);
        if (normed)
        {
            result.Normalize();
        }

        return result;
    }

    /// <summary>
    /// One property per (distance, angle) as <c>graycoprops(P, prop)</c>, row-major (distances, angles). Each slice is
    /// normalised to sum 1 first (an all-zero slice stays zero), as scikit-image does.
    /// </summary>
    public double[] Property(GlcmProperty property)
    {
        if (!Enum.IsDefined(property))
        {
            throw new ArgumentOutOfRangeException(nameof(property), property, "unknown GLCM property");
        }

        var slices = DistanceCount * AngleCount;
        var result = new double[slices];
        for (var s = 0; s < slices; s++)
        {
            double total = 0;
            for (var k = s; k < Data.Length; k += slices)
            {
                total += Data[k];
            }

            var scale = total == 0 ? 1 : 1 / total;
            result[s] = property == GlcmProperty.Correlation ? Correlation(s, scale) : Weighted(s, scale, property);
        }

        return result;
    }

    private double Weighted(int slice, double scale, GlcmProperty property)
    {
        var slices = DistanceCount * AngleCount;
        double sum = 0;
        for (var i = 0; i < Levels; i++)
        {
            for (var j = 0; j < Levels; j++)
            {
                var p = Data[(((i * Levels) + j) * slices) + slice] * scale;
                double d = i - j;
                sum += property switch
                {
                    GlcmProperty.Contrast => p * d * d,
                    GlcmProperty.Dissimilarity => p * Math.Abs(d),
                    GlcmProperty.Homogeneity => p / (1 + (d * d)),
                    _ => p * p, // ASM and energy
                };
            }
        }

        return property == GlcmProperty.Energy ? Math.Sqrt(sum) : sum;
    }

    private double Correlation(int slice, double scale)
    {
        var slices = DistanceCount * AngleCount;
        double meanI = 0, meanJ = 0;
        for (var i = 0; i < Levels; i++)
        {
            for (var j = 0; j < Levels; j++)
            {
                var p = Data[(((i * Levels) + j) * slices) + slice] * scale;
                meanI += i * p;
                meanJ += j * p;
            }
        }

        double varI = 0, varJ = 0, cov = 0;
        for (var i = 0; i < Levels; i++)
        {
            for (var j = 0; j < Levels; j++)
            {
                var p = Data[(((i * Levels) + j) * slices) + slice] * scale;
                varI += p * (i - meanI) * (i - meanI);
                varJ += p * (j - meanJ) * (j - meanJ);
                cov += p * (i - meanI) * (j - meanJ);
            }
        }

        var (stdI, stdJ) = (Math.Sqrt(varI), Math.Sqrt(varJ));
        return stdI < 1e-15 || stdJ < 1e-15 ? 1 : cov / (stdI * stdJ);
    }

    private void Normalize()
    {
        var slices = DistanceCount * AngleCount;
        var sums = new double[slices];
        for (var k = 0; k < Data.Length; k++)
        {
            sums[k % slices] += Data[k];
        }

        for (var k = 0; k < Data.Length; k++)
        {
            var sum = sums[k % slices];
            Data[k] /= sum == 0 ? 1 : sum;
        }
    }
}
