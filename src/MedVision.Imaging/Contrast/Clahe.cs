namespace MedVision.Imaging;

/// <summary>
/// Contrast-limited adaptive histogram equalisation with the semantics of scikit-image 0.19
/// <c>exposure.equalize_adapthist(image, kernel_size=None, clip_limit=0.01, nbins=256)</c>, per channel:
/// the image is quantised to 16 bits (<c>img_as_uint</c>) and stretched to 14 bits (0…16383, rounded half to
/// even), padded by whole-sample reflection to whole contextual regions plus half a region in front, binned
/// into <c>nbins</c>; each region's histogram is clipped at max(⌊clip·kh·kw⌋, 1) with scikit-image's
/// redistribution, cumulated into a mapping, and every pixel is the float32 sum of its four neighbouring
/// regions' mappings weighted bilinearly, truncated to an integer; the result is min-max rescaled to
/// [0, <see cref="ClaheOptions.OutputMax"/>]. Matches scikit-image to float rounding (~1e-7) on float input in
/// [0, 1]. Colour images are equalised per channel (scikit-image equalises the HSV value instead).
/// </summary>
/// <remarks>
/// Quantisation goes through a lookup table over the plane's 16-bit range when the image is larger than that
/// range; the per-pixel work is then four table reads and four multiply-adds.
/// </remarks>
public static class Clahe
{
    private const int GrayLevels = 1 << 14;

    /// <summary>CLAHE with clip limit <paramref name="clipLimit"/> (default 0.01), regions of 1/8 of the image, 256 bins.</summary>
    public static Image Apply(Image image, double clipLimit = 0.01) => Apply(image, new ClaheOptions { ClipLimit = clipLimit });

    /// <summary>CLAHE with every option.</summary>
    public static Image Apply(Image image, ClaheOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        Guard.NonNegative(options.ClipLimit, nameof(options.ClipLimit));
        Guard.AtLeast(options.NBins, 1, nameof(options.NBins));
        Guard.Positive(options.OutputMax, nameof(options.OutputMax));
        if (options.InputMax is { } m)
        {
            Guard.Positive(m, nameof(options.InputMax));
        }

        var kh = options.KernelHeight ?? Math.Max(image.Height / 8, 1);
        var kw = options.KernelWidth ?? Math.Max(image.Width / 8, 1);
        Guard.AtLeast(kh, 1, nameof(options.KernelHeight));
        Guard.AtLeast(kw, 1, nameof(options.KernelWidth));
        var result = new Image(image.Channels, image.Height, image.Width);
        if (image.PlaneSize == 0)
        {
            return result;
        }

        var inputMax = options.InputMax ?? DefaultInputMax(image.Data);
        for (var c = 0; c < image.Channels; c++)
        {
            ApplyPlane(image.Plane(c), result.Plane(c), image.Height, image.Width, kh, kw, options, inputMax);
        }

        return result;
    }

    private static double DefaultInputMax(ReadOnlySpan<float> data)
    {
        var max = float.NegativeInfinity;
        foreach (var v in data)
        {
            max = Math.Max(max, v);
        }

        return max <= 1 ? 1 : max <= 255 ? 255 : 65535;
    }

    private static void ApplyPlane(
        ReadOnlySpan<float> src, Span<float> dst, int h, int w, int kh, int kw, ClaheOptions options, double inputMax)
    {
        var binned = Quantize(src, options.NBins, inputMax);

        // Contextual regions: ⌈H/kh⌉ × ⌈W/kw⌉, region (i, j) over rows [i·kh, (i+1)·kh) mirrored past the edge.
        var regionsY = (h + kh - 1) / kh;
        var regionsX = (w + kw - 1) / kw;
        var nbins = options.NBins;
        var elements = kh * kw;
        var clip = options.ClipLimit > 0 ? (int)Math.Max(options.ClipLimit * elements, 1) : elements;
        var maps = new int[regionsY * regionsX * nbins];
        var hist = new long[nbins];
        var rowIndex = new int[regionsY * kh];
        var colIndex = new int[regionsX * kw];
        Border.FillIndexMap(rowIndex, 0, h, BorderMode.Mirror);
        Border.FillIndexMap(colIndex, 0, w, BorderMode.Mirror);
        var scale = (GrayLevels - 1.0) / elements;
        for (var i = 0; i < regionsY; i++)
        {
            for (var j = 0; j < regionsX; j++)
            {
                Array.Clear(hist);
                for (var t = 0; t < kh; t++)
                {
                    var row = rowIndex[(i * kh) + t] * w;
                    for (var u = 0; u < kw; u++)
                    {
                        hist[binned[row + colIndex[(j * kw) + u]]]++;
                    }
                }

                ClipHistogram(hist, clip);
                var map = maps.AsSpan(((i * regionsX) + j) * nbins, nbins);
                long cumulative = 0;
                for (var b = 0; b < nbins; b++)
                {
                    cumulative += hist[b];
                    map[b] = (int)Math.Min(cumulative * scale, GrayLevels - 1);
                }
            }
        }

        // Each pixel sits in the padded grid at (y + kh/2, x + kw/2); its cell's four corner regions are the
        // regions above-left … below-right, clamped at the border (scikit-image pads the maps by edge values).
        var cellX = new int[w];
        var fracX = new double[w];
        for (var x = 0; x < w; x++)
        {
            var px = x + (kw / 2);
            cellX[x] = px / kw;
            fracX[x] = px % kw / (double)kw;
        }

        var values = new ushort[h * w];
        var min = ushort.MaxValue;
        var max = ushort.MinValue;
        for (var y = 0; y < h; y++)
        {
            var py = y + (kh / 2);
            var cy = py / kh;
            var fy = py % kh / (double)kh;
            var wy0 = 1 - fy;
            var r0 = Math.Clamp(cy - 1, 0, regionsY - 1) * regionsX;
            var r1 = Math.Clamp(cy, 0, regionsY - 1) * regionsX;
            for (var x = 0; x < w; x++)
            {
                var c0 = Math.Clamp(cellX[x] - 1, 0, regionsX - 1);
                var c1 = Math.Clamp(cellX[x], 0, regionsX - 1);
                var fx = fracX[x];
                var wx0 = 1 - fx;
                var bin = binned[(y * w) + x];
                var sum = 0f;
                sum += (float)(maps[((r0 + c0) * nbins) + bin] * (wx0 * wy0));
                sum += (float)(maps[((r0 + c1) * nbins) + bin] * (fx * wy0));
                sum += (float)(maps[((r1 + c0) * nbins) + bin] * (wx0 * fy));
                sum += (float)(maps[((r1 + c1) * nbins) + bin] * (fx * fy));
                var v = (ushort)sum;
                values[(y * w) + x] = v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        var outMax = options.OutputMax;
        for (var i = 0; i < values.Length; i++)
        {
            var v = min == max ? Math.Clamp(values[i], 0.0, 1.0) : (values[i] - (double)min) / (max - min);
            dst[i] = (float)(v * outMax);
        }
    }

    /// <summary>
    /// 16-bit quantisation (<c>img_as_uint</c>: round half to even of v/inputMax·65535, clipped), stretch of the
    /// plane's 16-bit range to 0…16383 (rounded half to even) and binning by 1 + 16384/nbins, through one table.
    /// </summary>
    private static int[] Quantize(ReadOnlySpan<float> src, int nbins, double inputMax)
    {
        var binSize = 1 + (GrayLevels / nbins);
        var u16 = new int[src.Length];
        var min = int.MaxValue;
        var max = int.MinValue;
        for (var i = 0; i < src.Length; i++)
        {
            var u = (int)Math.Clamp(Math.Round(src[i] / inputMax * 65535.0), 0, 65535);
            u16[i] = u;
            min = Math.Min(min, u);
            max = Math.Max(max, u);
        }

        // A table over the 16-bit range when it is smaller than the image (large images), else per pixel.
        if (max - min + 1 <= u16.Length)
        {
            var table = new int[max - min + 1];
            for (var u = min; u <= max; u++)
            {
                table[u - min] = Bin(u, min, max, binSize);
            }

            for (var i = 0; i < u16.Length; i++)
            {
                u16[i] = table[u16[i] - min];
            }
        }
        else
        {
            for (var i = 0; i < u16.Length; i++)
            {
                u16[i] = Bin(u16[i], min, max, binSize);
            }
        }

        return u16;
    }

    private static int Bin(int u, int min, int max, int binSize)
    {
        var stretched = min == max
            ? Math.Clamp(u, 0, GrayLevels - 1)
            : Math.Round((u - min) / (double)(max - min) * (GrayLevels - 1.0));
        return (int)stretched / binSize;
    }

    /// <summary>scikit-image <c>clip_histogram</c>: clip at the limit and redistribute the excess, step by step as it does.</summary>
    private static void ClipHistogram(long[] hist, long clip)
    {
        long excess = 0;
        for (var b = 0; b < hist.Length; b++)
        {
            if (hist[b] > clip)
            {
                excess += hist[b] - clip;
                hist[b] = clip;
            }
        }

        var increment = excess / hist.Length;
        var upper = clip - increment;
        for (var b = 0; b < hist.Length; b++)
        {
            if (hist[b] < upper)
            {
                hist[b] += increment;
                excess -= increment;
            }
        }

        for (var b = 0; b < hist.Length; b++)
        {
            if (hist[b] >= upper && hist[b] < clip)
            {
                excess += hist[b] - clip;
                hist[b] = clip;
            }
        }

        while (excess > 0)
        {
            var previous = excess;
            for (var index = 0; index < hist.Length; index++)
            {
                long under = 0;
                foreach (var count in hist)
                {
                    under += count < clip ? 1 : 0;
                }

                var step = (int)Math.Max(1, under / excess);
                for (var b = index; b < hist.Length; b += step)
                {
                    if (hist[b] < clip)
                    {
                        hist[b]++;
                        excess--;
                    }
                }

                if (excess <= 0)
                {
                    break;
                }
            }

            if (previous == excess)
            {
                break;
            }
        }
    }
}
