namespace MedVision.Imaging;

/// <summary>
/// Adaptive median filter of Gonzalez &amp; Woods (Digital Image Processing, 3rd ed., §5.3.3), per channel.
/// For each pixel z_xy, starting with a StartSize window: with z_min, z_med, z_max of the window,
/// stage A: if z_min &lt; z_med &lt; z_max go to stage B, else grow the window by 2 and repeat while it is at
/// most MaxSize, and output z_med when it is not; stage B: output z_xy if z_min &lt; z_xy &lt; z_max, else
/// z_med. Impulses are replaced and everything else is kept, which is why seeds/001 finds it closest to the
/// original (highest PSNR). Windows beyond the edge read samples by the border mode (default scipy
/// <c>reflect</c>, i.e. NumPy <c>pad(mode="symmetric")</c>).
/// </summary>
public static class AdaptiveMedianFilter
{
    /// <summary>Adaptive median with windows 3×3 up to <paramref name="maxSize"/>×<paramref name="maxSize"/> (default 7).</summary>
    public static Image Apply(Image image, int maxSize = 7) => Apply(image, new AdaptiveMedianFilterOptions { MaxSize = maxSize });

    /// <summary>Adaptive median with every option.</summary>
    public static Image Apply(Image image, AdaptiveMedianFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        Guard.Odd(options.StartSize, nameof(options.StartSize));
        Guard.Odd(options.MaxSize, nameof(options.MaxSize));
        if (options.MaxSize < options.StartSize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), $"MaxSize must be ≥ StartSize ({options.StartSize}), got {options.MaxSize}");
        }

        if (options.Mode == BorderMode.Constant)
        {
            throw new ArgumentException("the adaptive median reads real samples only; Mode must not be Constant", nameof(options));
        }

        var result = new Image(image.Channels, image.Height, image.Width);
        var h = image.Height;
        var w = image.Width;
        var window = new float[options.MaxSize * options.MaxSize];
        var maxHalf = options.MaxSize / 2;
        var rowMap = new int[h + (2 * maxHalf)];
        var colMap = new int[w + (2 * maxHalf)];
        Border.FillIndexMap(rowMap, maxHalf, h, options.Mode);
        Border.FillIndexMap(colMap, maxHalf, w, options.Mode);
        for (var c = 0; c < image.Channels; c++)
        {
            ReadOnlySpan<float> src = image.Plane(c);
            var dst = result.Plane(c);
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var z = src[(y * w) + x];
                    var output = z;
                    for (var s = options.StartSize; s <= options.MaxSize; s += 2)
                    {
                        var half = s / 2;
                        var count = 0;
                        for (var dy = -half; dy <= half; dy++)
                        {
                            var row = rowMap[y + dy + maxHalf] * w;
                            for (var dx = -half; dx <= half; dx++)
                            {
                                window[count++] = src[row + colMap[x + dx + maxHalf]];
                            }
                        }

                        var sorted = window.AsSpan(0, count);
                        sorted.Sort();
                        var zmin = sorted[0];
                        var zmax = sorted[count - 1];
                        var zmed = sorted[count / 2];
                        if (zmin < zmed && zmed < zmax)
                        {
                            output = zmin < z && z < zmax ? z : zmed;
                            break;
                        }

                        output = zmed;
                    }

                    dst[(y * w) + x] = output;
                }
            }
        }

        return result;
    }
}
