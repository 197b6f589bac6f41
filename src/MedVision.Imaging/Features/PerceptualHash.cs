using System.Numerics;

namespace MedVision.Imaging.Features;

/// <summary>
/// DCT perceptual hash (pHash, as the <c>imagehash.phash</c> recipe): the image (channels averaged) is reduced to
/// 32×32 by area averaging, its 2-D DCT-II taken, and the 8×8 lowest-frequency coefficients (DC included)
/// compared with their median: bit <c>8·u + v</c> is set when coefficient (u, v) is above it. Images that look alike
/// have hashes a few bits apart (<see cref="Distance"/>); the leakage audit compares them to find near-duplicates.
/// </summary>
public static class PerceptualHash
{
    /// <summary>Side of the reduced image.</summary>
    public const int Size = 32;

    private static readonly double[] Cosines = BuildCosines();

    /// <summary>The 64-bit hash of the image.</summary>
    public static ulong Compute(Image image) => Compute(Downsample(image));

    /// <summary>The hash of an already reduced 32×32 image (row-major).</summary>
    public static ulong Compute(ReadOnlySpan<float> reduced)
    {
        if (reduced.Length != Size * Size)
        {
            throw new ArgumentException($"reduced image must have {Size * Size} values, got {reduced.Length}", nameof(reduced));
        }

        // Low-frequency block of the separable DCT-II: rows first (8 frequencies per row), then columns.
        Span<double> rows = stackalloc double[Size * 8];
        for (var y = 0; y < Size; y++)
        {
            for (var v = 0; v < 8; v++)
            {
                var s = 0.0;
                for (var x = 0; x < Size; x++)
                {
                    s += reduced[y * Size + x] * Cosines[v * Size + x];
                }

                rows[y * 8 + v] = s;
            }
        }

        Span<double> block = stackalloc double[64];
        for (var u = 0; u < 8; u++)
        {
            for (var v = 0; v < 8; v++)
            {
                var s = 0.0;
                for (var y = 0; y < Size; y++)
                {
                    s += rows[y * 8 + v] * Cosines[u * Size + y];
                }

                block[u * 8 + v] = s;
            }
        }

        Span<double> sorted = stackalloc double[64];
        block.CopyTo(sorted);
        sorted.Sort();
        var median = (sorted[31] + sorted[32]) / 2;
        ulong hash = 0;
        for (var k = 0; k < 64; k++)
        {
            if (block[k] > median)
            {
                hash |= 1UL << k;
            }
        }

        return hash;
    }

    /// <summary>Number of differing bits.</summary>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>
    /// The channel-mean image reduced (or enlarged) to 32×32 by area averaging: output pixel (i, j) is the mean of the
    /// source over the box [j·W/32, (j+1)·W/32) × [i·H/32, (i+1)·H/32), partial pixels weighted by their overlap.
    /// </summary>
    public static float[] Downsample(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Downsample(image.Channels, image.Height, image.Width, image.Data);
    }

    /// <summary>
    /// <see cref="Downsample(Image)"/> of planar pixels: <paramref name="data"/> holds <paramref name="channels"/> ×
    /// <paramref name="height"/> × <paramref name="width"/> values, channel-major, then row-major.
    /// </summary>
    /// <exception cref="ArgumentException">The sizes are not positive or do not match the data's length.</exception>
    public static float[] Downsample(int channels, int height, int width, ReadOnlySpan<float> data)
    {
        if (channels < 1 || height < 1 || width < 1 || data.Length != (long)channels * height * width)
        {
            throw new ArgumentException($"pixels must be {channels} × {height} × {width} values, all sizes ≥ 1; got {data.Length}", nameof(data));
        }

        var (w, h) = (width, height);
        var wx = Weights(w);
        var wy = Weights(h);
        var columns = new double[h * Size]; // each source row reduced to 32 columns
        for (var y = 0; y < h; y++)
        {
            for (var c = 0; c < channels; c++)
            {
                var row = data.Slice((c * h + y) * w, w);
                foreach (var (target, source, weight) in wx)
                {
                    columns[y * Size + target] += row[source] * weight;
                }
            }
        }

        var result = new double[Size * Size];
        foreach (var (target, source, weight) in wy)
        {
            for (var j = 0; j < Size; j++)
            {
                result[target * Size + j] += columns[source * Size + j] * weight;
            }
        }

        var output = new float[Size * Size];
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = (float)(result[i] / channels);
        }

        return output;
    }

    /// <summary>(target, source, weight) triples of the 1-D area-averaging map from <paramref name="n"/> samples to 32.</summary>
    private static List<(int Target, int Source, double Weight)> Weights(int n)
    {
        var weights = new List<(int, int, double)>();
        var scale = (double)n / Size;
        for (var t = 0; t < Size; t++)
        {
            var start = t * scale;
            var end = (t + 1) * scale;
            for (var s = (int)Math.Floor(start); s < Math.Min(n, (int)Math.Ceiling(end)); s++)
            {
                var overlap = Math.Min(end, s + 1) - Math.Max(start, s);
                if (overlap > 0)
                {
                    weights.Add((t, s, overlap / scale));
                }
            }
        }

        return weights;
    }

    private static double[] BuildCosines()
    {
        var table = new double[8 * Size];
        for (var k = 0; k < 8; k++)
        {
            for (var x = 0; x < Size; x++)
            {
                table[k * Size + x] = Math.Cos(Math.PI * k * (2 * x + 1) / (2.0 * Size));
            }
        }

        return table;
    }
}
