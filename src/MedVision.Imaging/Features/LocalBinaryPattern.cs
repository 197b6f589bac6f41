namespace MedVision.Imaging.Features;

/// <summary>
/// Local binary patterns as scikit-image 0.19's <c>local_binary_pattern(image, P, R, method)</c>: P neighbours on a
/// circle of radius R at (r − R sin(2πp/P), c + R cos(2πp/P)) (offsets rounded to 5 decimals), sampled bilinearly
/// with zeros outside the image; bit p is set when neighbour − centre ≥ 0.
/// </summary>
public static class LocalBinaryPattern
{
    /// <summary>The LBP code of every pixel of an H × W image (float64) into <paramref name="output"/>.</summary>
    public static void Compute(ReadOnlySpan<double> image, int height, int width, int points, double radius, LbpMethod method, Span<double> output)
    {
        if (image.Length != height * width || output.Length != image.Length)
        {
            throw new ArgumentException($"image and output must hold {height}×{width} values, got {image.Length} and {output.Length}");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        if (method != LbpMethod.Var)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(points, 30);
        }

        if (!(radius > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "radius must be > 0");
        }

        Span<double> rp = stackalloc double[points];
        Span<double> cp = stackalloc double[points];
        for (var p = 0; p < points; p++)
        {
            var angle = 2 * Math.PI * p / points;
            rp[p] = Math.Round(-radius * Math.Sin(angle) * 1e5, MidpointRounding.ToEven) / 1e5;
            cp[p] = Math.Round(radius * Math.Cos(angle) * 1e5, MidpointRounding.ToEven) / 1e5;
        }

        Span<double> texture = stackalloc double[points];
        Span<int> bits = stackalloc int[points];
        for (var r = 0; r < height; r++)
        {
            for (var c = 0; c < width; c++)
            {
                var centre = image[(r * width) + c];
                for (var p = 0; p < points; p++)
                {
                    texture[p] = Bilinear(image, height, width, r + rp[p], c + cp[p]);
                    bits[p] = texture[p] - centre >= 0 ? 1 : 0;
                }

                output[(r * width) + c] = Code(texture, bits, method);
            }
        }
    }

    /// <summary>The LBP image of <paramref name="image"/> (one plane, float64 values).</summary>
    public static double[] Compute(ReadOnlySpan<float> image, int height, int width, int points = 8, double radius = 1, LbpMethod method = LbpMethod.Default)
    {
        var pixels = new double[image.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = image[i];
        }

        var output = new double[pixels.Length];
        Compute(pixels, height, width, points, radius, method, output);
        return output;
    }

    private static double Code(ReadOnlySpan<double> texture, ReadOnlySpan<int> bits, LbpMethod method)
    {
        var points = bits.Length;
        switch (method)
        {
            case LbpMethod.Var:
                {
                    double sum = 0, squares = 0;
                    foreach (var t in texture)
                    {
                        sum += t;
                        squares += t * t;
                    }

                    var variance = (squares - (sum * sum / points)) / points;
                    return variance != 0 ? variance : double.NaN;
                }

            case LbpMethod.Uniform:
                {
                    var changes = 0;
                    for (var p = 0; p < points - 1; p++)
                    {
                        changes += bits[p] != bits[p + 1] ? 1 : 0;
                    }

                    if (changes > 2)
                    {
                        return points + 1;
                    }

                    var ones = 0;
                    foreach (var b in bits)
                    {
                        ones += b;
                    }

                    return ones;
                }

            default:
                {
                    var code = 0;
                    for (var p = 0; p < points; p++)
                    {
                        code |= bits[p] << p;
                    }

                    if (method == LbpMethod.Ror)
                    {
                        var best = code;
                        var rotated = code;
                        var mask = (1 << points) - 1;
                        for (var p = 1; p < points; p++)
                        {
                            rotated = ((rotated >> 1) | (rotated << (points - 1))) & mask;
                            best = Math.Min(best, rotated);
                        }

                        code = best;
                    }

                    return code;
                }
        }
    }

    // scikit-image's bilinear_interpolation with mode 'C' and cval 0.
    private static double Bilinear(ReadOnlySpan<double> image, int rows, int cols, double r, double c)
    {
        var minr = (long)Math.Floor(r);
        var minc = (long)Math.Floor(c);
        var maxr = (long)Math.Ceiling(r);
        var maxc = (long)Math.Ceiling(c);
        var dr = r - minr;
        var dc = c - minc;
        var top = ((1 - dc) * Pixel(image, rows, cols, minr, minc)) + (dc * Pixel(image, rows, cols, minr, maxc));
        var bottom = ((1 - dc) * Pixel(image, rows, cols, maxr, minc)) + (dc * Pixel(image, rows, cols, maxr, maxc));
        return ((1 - dr) * top) + (dr * bottom);
    }

    private static double Pixel(ReadOnlySpan<double> image, int rows, int cols, long r, long c) =>
        r < 0 || r >= rows || c < 0 || c >= cols ? 0 : image[(int)((r * cols) + c)];
}
