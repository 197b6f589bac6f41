using System.Buffers;
using MedVision.Imaging.Wavelets;

namespace MedVision.Imaging.Features;

/// <summary>
/// Wavelet-coefficient features of seeds/000: a <c>wavedec2</c> of the gray image (float64), keeping the detail
/// bands of levels <see cref="WaveletFeatureOptions.LastDetailLevel"/> down to
/// <see cref="WaveletFeatureOptions.FirstDetailLevel"/>, each level's (cH, cV, cD) raveled row-major, in PyWavelets'
/// <c>wavedec2</c> order. With the defaults this equals the peer script's
/// <c>np.concatenate([d.ravel() for lvl in pywt.wavedec2(img, "db5", level=4)[1:4] for d in lvl])</c>.
/// Allocation per image: one pooled scratch buffer.
/// </summary>
public sealed class WaveletFeatures : IImageFeatureExtractor
{
    private readonly Wavelet _wavelet;

    /// <summary>The seeds/000 defaults (db5, level 4, details of levels 2–4).</summary>
    public WaveletFeatures()
        : this(new WaveletFeatureOptions())
    {
    }

    public WaveletFeatures(WaveletFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _wavelet = Wavelet.Get(options.Wavelet);
        if (options.Level < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Level, $"Level must be ≥ 1, got {options.Level}");
        }

        if (options.FirstDetailLevel < 1 || options.FirstDetailLevel > options.LastDetailLevel || options.LastDetailLevel > options.Level)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                $"detail levels must satisfy 1 ≤ FirstDetailLevel ≤ LastDetailLevel ≤ Level, got {options.FirstDetailLevel}–{options.LastDetailLevel} with Level {options.Level}");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Mode, "unknown wavelet mode");
        }

        Options = options;
    }

    public WaveletFeatureOptions Options { get; }

    public string Name => "wavelet";

    public int FeatureCount(int height, int width)
    {
        var (hs, ws) = Shapes(height, width);
        var count = Options.IncludeApproximation ? hs[Options.Level] * ws[Options.Level] : 0;
        for (var level = Options.FirstDetailLevel; level <= Options.LastDetailLevel; level++)
        {
            count += 3 * hs[level] * ws[level];
        }

        return count;
    }

    /// <summary>The features of <paramref name="image"/> as a new array.</summary>
    public float[] Extract(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new float[FeatureCount(image.Height, image.Width)];
        Extract(image, result);
        return result;
    }

    public void Extract(Image image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        var gray = image.ToGray();
        var (h, w) = (gray.Height, gray.Width);
        var count = FeatureCount(h, w);
        if (destination.Length != count)
        {
            throw new ArgumentException($"destination must hold {count} features for a {h}×{w} image, got {destination.Length}", nameof(destination));
        }

        var (hs, ws) = Shapes(h, w);

        // With long filters on small images the bands can outgrow the input, so size buffers by the largest level.
        int largest = 0, scratchLength = 0;
        for (var level = 0; level <= Options.Level; level++)
        {
            largest = Math.Max(largest, hs[level] * ws[level]);
            if (level < Options.Level)
            {
                scratchLength = Math.Max(scratchLength, WaveletTransform.Dwt2ScratchLength(hs[level], ws[level], _wavelet.FilterLength, Options.Mode));
            }
        }

        var total = (5 * largest) + scratchLength;
        var rented = ArrayPool<double>.Shared.Rent(total);
        try
        {
            var buffer = rented.AsSpan(0, total);
            var current = buffer[..largest];
            var bands = buffer.Slice(largest, 4 * largest);
            var scratch = buffer[(5 * largest)..];
            var plane = gray.Plane(0);
            for (var i = 0; i < plane.Length; i++)
            {
                current[i] = plane[i];
            }

            // Levels are computed finest first; the vector lists the coarsest kept level first.
            var offsets = LevelOffsets(hs, ws);
            for (var level = 1; level <= Options.Level; level++)
            {
                var n = hs[level] * ws[level];
                var cA = bands[..n];
                var cH = bands.Slice(n, n);
                var cV = bands.Slice(2 * n, n);
                var cD = bands.Slice(3 * n, n);
                WaveletTransform.Dwt2Core(current[..(hs[level - 1] * ws[level - 1])], hs[level - 1], ws[level - 1], _wavelet, Options.Mode, cA, cH, cV, cD, scratch);
                if (level >= Options.FirstDetailLevel && level <= Options.LastDetailLevel)
                {
                    Narrow(bands.Slice(n, 3 * n), destination.Slice(offsets[level], 3 * n));
                }

                cA.CopyTo(current);
            }

            if (Options.IncludeApproximation)
            {
                Narrow(current[..(hs[Options.Level] * ws[Options.Level])], destination);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    private int[] LevelOffsets(int[] hs, int[] ws)
    {
        var offsets = new int[Options.Level + 1];
        var offset = Options.IncludeApproximation ? hs[Options.Level] * ws[Options.Level] : 0;
        for (var level = Options.LastDetailLevel; level >= Options.FirstDetailLevel; level--)
        {
            offsets[level] = offset;
            offset += 3 * hs[level] * ws[level];
        }

        return offsets;
    }

    private (int[] Heights, int[] Widths) Shapes(int height, int width)
    {
        if (height < 1 || width < 1)
        {
            throw new ArgumentException($"image must be at least 1×1, got {height}×{width}");
        }

        var hs = new int[Options.Level + 1];
        var ws = new int[Options.Level + 1];
        (hs[0], ws[0]) = (height, width);
        for (var level = 1; level <= Options.Level; level++)
        {
            hs[level] = WaveletTransform.DwtCoeffLength(hs[level - 1], _wavelet.FilterLength, Options.Mode);
            ws[level] = WaveletTransform.DwtCoeffLength(ws[level - 1], _wavelet.FilterLength, Options.Mode);
        }

        return (hs, ws);
    }

    private static void Narrow(ReadOnlySpan<double> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = (float)source[i];
        }
    }
}
