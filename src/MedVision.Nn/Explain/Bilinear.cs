namespace MedVision.Nn.Explain;

/// <summary>
/// Bilinear resampling of one plane with pixel centres aligned (OpenCV <c>resize</c> with <c>INTER_LINEAR</c>,
/// PyTorch <c>interpolate(mode="bilinear", align_corners=False)</c> when enlarging): source coordinate
/// (x + 0.5)·in/out − 0.5, clamped to the border.
/// </summary>
internal static class Bilinear
{
    public static void Resize(ReadOnlySpan<float> source, int height, int width, Span<float> destination, int outHeight, int outWidth)
    {
        for (var y = 0; y < outHeight; y++)
        {
            var (y0, y1, fy) = Taps(y, height, outHeight);
            for (var x = 0; x < outWidth; x++)
            {
                var (x0, x1, fx) = Taps(x, width, outWidth);
                var top = ((1 - fx) * source[(y0 * width) + x0]) + (fx * source[(y0 * width) + x1]);
                var bottom = ((1 - fx) * source[(y1 * width) + x0]) + (fx * source[(y1 * width) + x1]);
                destination[(y * outWidth) + x] = ((1 - fy) * top) + (fy * bottom);
            }
        }
    }

    private static (int Low, int High, float Fraction) Taps(int index, int size, int outSize)
    {
        var s = ((index + 0.5f) * size / outSize) - 0.5f;
        if (s <= 0)
        {
            return (0, 0, 0f);
        }

        var low = (int)MathF.Floor(s);
        if (low >= size - 1)
        {
            return (size - 1, size - 1, 0f);
        }

        return (low, low + 1, s - low);
    }
}
