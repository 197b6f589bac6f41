namespace MedVision.Imaging.Augmentation;

/// <summary>
/// Resampling an image at computed source coordinates, per channel, as <c>scipy.ndimage.affine_transform</c>
/// and <c>map_coordinates</c> with <c>order</c> 0 (nearest, ⌊x + 0.5⌋) or 1 (bilinear) and the fill modes of
/// <see cref="FillMode"/>; coordinates and weights in double, output rounded to float32.
/// </summary>
public static class Warp
{
    /// <summary>Output pixel (r, c) = input at <paramref name="map"/>(r, c); output shape = input shape.</summary>
    public static Image Affine(Image image, Affine2D map, FillMode mode = FillMode.Nearest, float cval = 0, int order = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(map);
        CheckOrder(order);
        var h = image.Height;
        var w = image.Width;
        var result = new Image(image.Channels, h, w);
        for (var c = 0; c < image.Channels; c++)
        {
            ReadOnlySpan<float> src = image.Plane(c);
            var dst = result.Plane(c);
            for (var r = 0; r < h; r++)
            {
                for (var col = 0; col < w; col++)
                {
                    var y = (map.A00 * r) + (map.A01 * col) + map.T0;
                    var x = (map.A10 * r) + (map.A11 * col) + map.T1;
                    dst[(r * w) + col] = Sample(src, h, w, y, x, mode, cval, order);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Output pixel i (row-major over the input shape) = input at (<paramref name="rows"/>[i], <paramref name="cols"/>[i]),
    /// as <c>scipy.ndimage.map_coordinates(image, [rows, cols])</c>.
    /// </summary>
    public static Image MapCoordinates(Image image, ReadOnlySpan<double> rows, ReadOnlySpan<double> cols, FillMode mode = FillMode.Reflect, float cval = 0, int order = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        CheckOrder(order);
        if (rows.Length != image.PlaneSize || cols.Length != image.PlaneSize)
        {
            throw new ArgumentException($"rows and cols must hold H·W = {image.PlaneSize} coordinates, got {rows.Length} and {cols.Length}", nameof(rows));
        }

        var result = new Image(image.Channels, image.Height, image.Width);
        for (var c = 0; c < image.Channels; c++)
        {
            ReadOnlySpan<float> src = image.Plane(c);
            var dst = result.Plane(c);
            for (var i = 0; i < dst.Length; i++)
            {
                dst[i] = Sample(src, image.Height, image.Width, rows[i], cols[i], mode, cval, order);
            }
        }

        return result;
    }

    /// <summary>The value at fractional (y, x) of an H×W plane.</summary>
    public static float Sample(ReadOnlySpan<float> plane, int height, int width, double y, double x, FillMode mode, float cval, int order)
    {
        if (mode == FillMode.Constant)
        {
            if (!(y >= 0 && y <= height - 1 && x >= 0 && x <= width - 1))
            {
                return cval;
            }
        }
        else
        {
            y = MapCoordinate(y, height, mode);
            x = MapCoordinate(x, width, mode);
        }

        if (order == 0)
        {
            var iy = Math.Clamp((int)Math.Floor(y + 0.5), 0, height - 1);
            var ix = Math.Clamp((int)Math.Floor(x + 0.5), 0, width - 1);
            return plane[(iy * width) + ix];
        }

        var y0 = (int)Math.Floor(y);
        var x0 = (int)Math.Floor(x);
        var fy = y - y0;
        var fx = x - x0;
        var r0 = Math.Clamp(y0, 0, height - 1) * width;
        var r1 = Math.Clamp(y0 + 1, 0, height - 1) * width;
        var c0 = Math.Clamp(x0, 0, width - 1);
        var c1 = Math.Clamp(x0 + 1, 0, width - 1);
        var value = ((1 - fy) * (1 - fx) * plane[r0 + c0]) + ((1 - fy) * fx * plane[r0 + c1])
            + (fy * (1 - fx) * plane[r1 + c0]) + (fy * fx * plane[r1 + c1]);
        return (float)value;
    }

    /// <summary>scipy's coordinate extension for one axis of length <paramref name="n"/> (result in about [−0.5, n − 0.5], clamped by the caller).</summary>
    private static double MapCoordinate(double c, int n, FillMode mode)
    {
        switch (mode)
        {
            case FillMode.Nearest:
                return Math.Clamp(c, 0, n - 1);
            case FillMode.Reflect:
                {
                    if (n == 1)
                    {
                        return 0;
                    }

                    // Reflection about −0.5 and n − 0.5: period 2n.
                    var period = 2.0 * n;
                    var t = c + 0.5;
                    t -= period * Math.Floor(t / period);
                    if (t >= n)
                    {
                        t = period - t;
                    }

                    return Math.Clamp(t - 0.5, 0, n - 1);
                }

            case FillMode.Wrap:
                {
                    if (n == 1)
                    {
                        return 0;
                    }

                    var size = n - 1.0;
                    if (c < 0)
                    {
                        c += size * (Math.Truncate(-c / size) + 1);
                    }
                    else if (c > n - 1)
                    {
                        c -= size * Math.Truncate(c / size);
                    }

                    return c;
                }

            default:
                return c;
        }
    }

    private static void CheckOrder(int order)
    {
        if (order is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, $"order must be 0 (nearest) or 1 (bilinear), got {order}");
        }
    }
}
