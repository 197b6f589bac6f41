using System.Buffers;

namespace MedVision.Imaging;

/// <summary>
/// Median filter over a Size×Size window, per channel. Equals <c>scipy.ndimage.median_filter(image, size,
/// mode="reflect")</c> exactly: the output is the element of rank ⌊Size²/2⌋ of the sorted window (for even
/// sizes the upper middle, window [i − Size/2, i − Size/2 + Size − 1]). With <see cref="BorderMode.Nearest"/>
/// and odd sizes it equals OpenCV <c>cv2.medianBlur</c> (which replicates the border).
/// </summary>
/// <remarks>
/// 3×3 and 5×5 windows use vectorised selection networks (<see cref="MedianNetwork"/>). Other sizes: values are first replaced by their rank among the plane's distinct values (a direct table for
/// integer-valued planes such as 8/16-bit images, a sort otherwise); a sliding two-level rank histogram
/// (Huang's algorithm with coarse bins of √n) then gives each median in O(Size) updates plus a short scan,
/// independent of the window area, and the rank maps back to the exact input value.
/// </remarks>
public static class MedianFilter
{
    /// <summary>Median over a <paramref name="size"/>×<paramref name="size"/> window (default 3) with scipy's default <c>reflect</c> border.</summary>
    public static Image Apply(Image image, int size = 3) => Apply(image, new MedianFilterOptions { Size = size });

    /// <summary>Median filter with every option.</summary>
    public static Image Apply(Image image, MedianFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        Guard.AtLeast(options.Size, 1, nameof(options.Size));
        var result = new Image(image.Channels, image.Height, image.Width);
        for (var c = 0; c < image.Channels; c++)
        {
            Apply(image.Plane(c), result.Plane(c), image.Height, image.Width, options.Size, options.Mode, options.Cval);
        }

        return result;
    }

    /// <summary>
    /// Median of every <paramref name="size"/>×<paramref name="size"/> window of the H×W plane <paramref name="src"/>
    /// into <paramref name="dst"/> (same length). Scratch comes from <see cref="ArrayPool{T}"/>.
    /// </summary>
    public static void Apply(
        ReadOnlySpan<float> src, Span<float> dst, int height, int width, int size,
        BorderMode mode = BorderMode.Reflect, float cval = 0)
    {
        Guard.AtLeast(size, 1, nameof(size));
        Guard.AtLeast(height, 0, nameof(height));
        Guard.AtLeast(width, 0, nameof(width));
        var n = height * width;
        if (src.Length != n || dst.Length != n)
        {
            throw new ArgumentException($"src and dst must hold height·width = {n} values, got {src.Length} and {dst.Length}", nameof(src));
        }

        if (n == 0)
        {
            return;
        }

        if (MedianNetwork.Supports(size, width) && !ContainsNaN(src))
        {
            MedianNetwork.Apply(src, dst, height, width, size, mode, cval);
            return;
        }

        var ranks = ArrayPool<int>.Shared.Rent(n);
        var values = ArrayPool<float>.Shared.Rent(n + 1);
        try
        {
            var distinct = RankTransform(src, mode == BorderMode.Constant ? cval : null, ranks, values, out var cvalRank);
            SlidingMedian(ranks, values.AsSpan(0, distinct), dst, height, width, size, mode, cvalRank);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ranks);
            ArrayPool<float>.Shared.Return(values);
        }
    }

    private static bool ContainsNaN(ReadOnlySpan<float> src)
    {
        foreach (var v in src)
        {
            if (float.IsNaN(v))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes each value's rank among the distinct values into <paramref name="ranks"/> and the sorted distinct values into <paramref name="values"/>; returns their count.</summary>
    private static int RankTransform(ReadOnlySpan<float> src, float? extra, int[] ranks, float[] values, out int extraRank)
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        var integral = true;
        foreach (var v in src)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            integral &= v == MathF.Floor(v);
        }

        if (extra is { } e)
        {
            min = Math.Min(min, e);
            max = Math.Max(max, e);
            integral &= e == MathF.Floor(e);
        }

        if (integral && max - min <= 65535)
        {
            var offset = (int)min;
            var table = ArrayPool<int>.Shared.Rent((int)(max - min) + 1);
            try
            {
                var span = table.AsSpan(0, (int)(max - min) + 1);
                span.Clear();
                foreach (var v in src)
                {
                    span[(int)v - offset] = 1;
                }

                if (extra is { } x)
                {
                    span[(int)x - offset] = 1;
                }

                var count = 0;
                for (var i = 0; i < span.Length; i++)
                {
                    if (span[i] != 0)
                    {
                        values[count] = i + offset;
                        span[i] = count++;
                    }
                }

                for (var i = 0; i < src.Length; i++)
                {
                    ranks[i] = span[(int)src[i] - offset];
                }

                extraRank = extra is { } y ? span[(int)y - offset] : -1;
                return count;
            }
            finally
            {
                ArrayPool<int>.Shared.Return(table);
            }
        }

        src.CopyTo(values);
        var total = src.Length;
        if (extra is { } z)
        {
            values[total++] = z;
        }

        var sorted = values.AsSpan(0, total);
        sorted.Sort();
        var distinct = 0;
        for (var i = 0; i < total; i++)
        {
            if (distinct == 0 || sorted[i].CompareTo(sorted[distinct - 1]) != 0)
            {
                sorted[distinct++] = sorted[i];
            }
        }

        var unique = values.AsSpan(0, distinct);
        for (var i = 0; i < src.Length; i++)
        {
            ranks[i] = unique.BinarySearch(src[i]);
        }

        extraRank = extra is { } w ? unique.BinarySearch(w) : -1;
        return distinct;
    }

    private static void SlidingMedian(
        int[] ranks, ReadOnlySpan<float> values, Span<float> dst, int height, int width, int size, BorderMode mode, int cvalRank)
    {
        var bins = values.Length;
        var shift = 4;
        while ((1 << (2 * shift)) < bins)
        {
            shift++;
        }

        var coarseCount = (bins >> shift) + 1;
        var fine = ArrayPool<int>.Shared.Rent(bins);
        var coarse = ArrayPool<int>.Shared.Rent(coarseCount);
        var rows = new int[size];
        var cols = new int[width + size - 1];
        try
        {
            fine.AsSpan(0, bins).Clear();
            coarse.AsSpan(0, coarseCount).Clear();
            var half = size / 2;
            Border.FillIndexMap(cols, half, width, mode);
            var kth = size * size / 2;

            // Coarse bin holding the current median and the number of window values in lower coarse bins.
            var m = 0;
            var below = 0;
            for (var y = 0; y < height; y++)
            {
                for (var d = 0; d < size; d++)
                {
                    var sy = Border.Index(y + d - half, height, mode);
                    rows[d] = sy < 0 ? -1 : sy * width;
                }

                for (var j = 0; j < size; j++)
                {
                    Column(cols[j], +1);
                }

                var outRow = dst.Slice(y * width, width);
                outRow[0] = values[Find()];
                for (var x = 1; x < width; x++)
                {
                    Column(cols[x - 1], -1);
                    Column(cols[x + size - 1], +1);
                    outRow[x] = values[Find()];
                }

                for (var j = width - 1; j < width + size - 1; j++)
                {
                    Column(cols[j], -1);
                }
            }

            void Column(int col, int delta)
            {
                for (var d = 0; d < size; d++)
                {
                    var r = rows[d] < 0 || col < 0 ? cvalRank : ranks[rows[d] + col];
                    fine[r] += delta;
                    var cb = r >> shift;
                    coarse[cb] += delta;
                    if (cb < m)
                    {
                        below += delta;
                    }
                }
            }

            int Find()
            {
                while (below > kth)
                {
                    m--;
                    below -= coarse[m];
                }

                while (below + coarse[m] <= kth)
                {
                    below += coarse[m];
                    m++;
                }

                var acc = below;
                var r = m << shift;
                while (true)
                {
                    acc += fine[r];
                    if (acc > kth)
                    {
                        return r;
                    }

                    r++;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(fine);
            ArrayPool<int>.Shared.Return(coarse);
        }
    }
}
