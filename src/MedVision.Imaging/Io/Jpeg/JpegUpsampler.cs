namespace MedVision.Imaging.Io.Jpeg;

/// <summary>
/// Brings a subsampled component plane to full resolution exactly as libjpeg-turbo's <c>jdsample.c</c> does
/// with <c>do_fancy_upsampling</c> on (the default): triangle filters for 2:1 horizontal (h2v1), 2:1 vertical
/// (h1v2) and 2:1 both ways (h2v2) with libjpeg's rounding biases; plain replication for other integral
/// ratios and for planes at most two samples wide. Above the first and below the last real row the edge
/// row is repeated, as libjpeg's context rows do; columns are clamped to the component's real width.
/// </summary>
internal static class JpegUpsampler
{
    /// <summary>
    /// Upsamples <paramref name="src"/> (rows of <paramref name="srcStride"/>, real size
    /// <paramref name="srcWidth"/>×<paramref name="srcHeight"/>) by (<paramref name="hExpand"/>, <paramref name="vExpand"/>)
    /// into <paramref name="dst"/> (<paramref name="width"/>×<paramref name="height"/>).
    /// </summary>
    public static void Upsample(
        ReadOnlySpan<ushort> src, int srcStride, int srcWidth, int srcHeight, int hExpand, int vExpand,
        Span<ushort> dst, int width, int height)
    {
        var fancy = srcWidth > 2 || (hExpand == 1 && vExpand == 2);
        if (hExpand == 2 && vExpand == 2 && fancy)
        {
            H2V2(src, srcStride, srcWidth, srcHeight, dst, width, height);
        }
        else if (hExpand == 2 && vExpand == 1 && fancy)
        {
            for (var y = 0; y < height; y++)
            {
                H2Row(src.Slice(y * srcStride, srcWidth), dst.Slice(y * width, width));
            }
        }
        else if (hExpand == 1 && vExpand == 2)
        {
            for (var y = 0; y < height; y++)
            {
                var row = y >> 1;
                var other = (y & 1) == 0 ? Math.Max(row - 1, 0) : Math.Min(row + 1, srcHeight - 1);
                var bias = (y & 1) == 0 ? 1 : 2;
                var a = src.Slice(row * srcStride, width);
                var b = src.Slice(other * srcStride, width);
                var d = dst.Slice(y * width, width);
                for (var x = 0; x < width; x++)
                {
                    d[x] = (ushort)(((a[x] * 3) + b[x] + bias) >> 2);
                }
            }
        }
        else
        {
            for (var y = 0; y < height; y++)
            {
                var s = src.Slice(y / vExpand * srcStride);
                var d = dst.Slice(y * width, width);
                for (var x = 0; x < width; x++)
                {
                    d[x] = s[x / hExpand];
                }
            }
        }
    }

    /// <summary>h2v1: even outputs (3·cur + left + 1) / 4, odd outputs (3·cur + right + 2) / 4.</summary>
    private static void H2Row(ReadOnlySpan<ushort> s, Span<ushort> d)
    {
        var last = s.Length - 1;
        for (var x = 0; x < d.Length; x++)
        {
            var j = x >> 1;
            var cur = s[j] * 3;
            d[x] = (x & 1) == 0
                ? (ushort)((cur + s[Math.Max(j - 1, 0)] + 1) >> 2)
                : (ushort)((cur + s[Math.Min(j + 1, last)] + 2) >> 2);
        }
    }

    /// <summary>h2v2: column sums 3·near row + far row, then (3·cur + left + 8) / 16 and (3·cur + right + 7) / 16.</summary>
    private static void H2V2(ReadOnlySpan<ushort> src, int srcStride, int srcWidth, int srcHeight, Span<ushort> dst, int width, int height)
    {
        Span<int> sums = srcWidth <= 1024 ? stackalloc int[srcWidth] : new int[srcWidth];
        var last = srcWidth - 1;
        for (var y = 0; y < height; y++)
        {
            var row = y >> 1;
            var other = (y & 1) == 0 ? Math.Max(row - 1, 0) : Math.Min(row + 1, srcHeight - 1);
            var near = src.Slice(row * srcStride, srcWidth);
            var far = src.Slice(other * srcStride, srcWidth);
            for (var j = 0; j < srcWidth; j++)
            {
                sums[j] = (near[j] * 3) + far[j];
            }

            // Edge columns repeat their neighbour; the interior runs without clamping.
            var d = dst.Slice(y * width, width);
            var interior = Math.Min(last, (width - 1) >> 1);
            d[0] = (ushort)(((sums[0] * 4) + 8) >> 4);
            for (var j = 0; j < interior; j++)
            {
                var cur = sums[j] * 3;
                if (j > 0)
                {
                    d[2 * j] = (ushort)((cur + sums[j - 1] + 8) >> 4);
                }

                d[(2 * j) + 1] = (ushort)((cur + sums[j + 1] + 7) >> 4);
            }

            for (var x = Math.Max(2 * interior, 1); x < width; x++)
            {
                var j = x >> 1;
                var cur = sums[j] * 3;
                d[x] = (x & 1) == 0
                    ? (ushort)((cur + sums[Math.Max(j - 1, 0)] + 8) >> 4)
                    : (ushort)((cur + sums[Math.Min(j + 1, last)] + 7) >> 4);
            }
        }
    }
}
