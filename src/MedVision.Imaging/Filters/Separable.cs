namespace MedVision.Imaging;

/// <summary>
/// Separable 2-D correlation of one plane, as <c>scipy.ndimage.correlate1d</c> along axis 0 (rows, y) and
/// then axis 1 (columns, x): out[y] = Σⱼ w[j]·in[y + j − len(w)/2] with out-of-range samples taken by the
/// border mode. Sums are accumulated in double.
/// </summary>
internal static class Separable
{
    /// <summary>
    /// Correlates <paramref name="src"/> (H×W) with <paramref name="wy"/> along y and <paramref name="wx"/> along x.
    /// When <paramref name="roundBetweenPasses"/> is set the intermediate plane is rounded to float32, as
    /// scipy does when its output array is float32.
    /// </summary>
    public static void Correlate(
        ReadOnlySpan<double> src, Span<double> dst, int height, int width,
        ReadOnlySpan<double> wy, ReadOnlySpan<double> wx, BorderMode mode, double cval, bool roundBetweenPasses)
    {
        if (height == 0 || width == 0)
        {
            return;
        }

        var tmp = new double[height * width];
        var rowMap = new int[height + wy.Length];
        Border.FillIndexMap(rowMap, wy.Length / 2, height, mode);

        // Axis 0: out row y = Σ w[j] · in row (y + j − c): whole-row multiply-adds stay cache friendly.
        for (var y = 0; y < height; y++)
        {
            var outRow = tmp.AsSpan(y * width, width);
            for (var j = 0; j < wy.Length; j++)
            {
                var srcY = rowMap[y + j];
                var w = wy[j];
                if (srcY < 0)
                {
                    for (var x = 0; x < width; x++)
                    {
                        outRow[x] += w * cval;
                    }

                    continue;
                }

                var inRow = src.Slice(srcY * width, width);
                for (var x = 0; x < width; x++)
                {
                    outRow[x] += w * inRow[x];
                }
            }

            if (roundBetweenPasses)
            {
                for (var x = 0; x < width; x++)
                {
                    outRow[x] = (float)outRow[x];
                }
            }
        }

        // Axis 1: each row padded by the border mode, then a dot product per output sample.
        var c = wx.Length / 2;
        var line = new double[width + wx.Length];
        var colMap = new int[width + wx.Length];
        Border.FillIndexMap(colMap, c, width, mode);
        for (var y = 0; y < height; y++)
        {
            var row = tmp.AsSpan(y * width, width);
            for (var j = 0; j < line.Length; j++)
            {
                var sx = colMap[j];
                line[j] = sx < 0 ? cval : row[sx];
            }

            var outRow = dst.Slice(y * width, width);
            for (var x = 0; x < width; x++)
            {
                var sum = 0.0;
                for (var j = 0; j < wx.Length; j++)
                {
                    sum += wx[j] * line[x + j];
                }

                outRow[x] = sum;
            }
        }
    }

    /// <summary>Applies <see cref="Correlate"/> to every plane of a float image (rounding between passes as scipy does for float32).</summary>
    public static Image Apply(Image image, ReadOnlySpan<double> wy, ReadOnlySpan<double> wx, BorderMode mode, double cval)
    {
        var result = new Image(image.Channels, image.Height, image.Width);
        var src = new double[image.PlaneSize];
        var dst = new double[image.PlaneSize];
        for (var c = 0; c < image.Channels; c++)
        {
            var plane = image.Plane(c);
            for (var i = 0; i < src.Length; i++)
            {
                src[i] = plane[i];
            }

            Array.Clear(dst);
            Correlate(src, dst, image.Height, image.Width, wy, wx, mode, cval, roundBetweenPasses: true);
            var outPlane = result.Plane(c);
            for (var i = 0; i < dst.Length; i++)
            {
                outPlane[i] = (float)dst[i];
            }
        }

        return result;
    }
}
