namespace MedVision.Imaging;

/// <summary>
/// Image resizing, per channel, equal to OpenCV 4.6 <c>cv2.resize(src, (width, height), interpolation=…)</c>
/// on float32 images (to float rounding): each axis gets a table of source taps and weights computed as
/// OpenCV computes them (float coefficients, clamped taps at the borders, <c>computeResizeAreaTab</c> for
/// shrinking with <see cref="Interpolation.Area"/>), applied along x and then along y.
/// </summary>
public static class Resize
{
    /// <summary>Resizes to <paramref name="height"/> × <paramref name="width"/> with <paramref name="interpolation"/> (default bilinear).</summary>
    public static Image Apply(Image image, int height, int width, Interpolation interpolation = Interpolation.Linear) =>
        Apply(image, new ResizeOptions { Height = height, Width = width, Interpolation = interpolation });

    /// <summary>Resizing with every option.</summary>
    public static Image Apply(Image image, ResizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        Guard.AtLeast(options.Height, 1, nameof(options.Height));
        Guard.AtLeast(options.Width, 1, nameof(options.Width));
        if (image.PlaneSize == 0)
        {
            throw new ArgumentException($"cannot resize an empty image ({image.Height}×{image.Width})", nameof(image));
        }

        var source = image;
        if (options.AntiAliasing)
        {
            var sy = Math.Max(0, ((image.Height / (double)options.Height) - 1) / 2);
            var sx = Math.Max(0, ((image.Width / (double)options.Width) - 1) / 2);
            if (sy > 0 || sx > 0)
            {
                source = Separable.Apply(image, GaussianFilter.Kernel(sy), GaussianFilter.Kernel(sx), BorderMode.Mirror, 0);
            }
        }

        var scaleY = image.Height / (double)options.Height;
        var scaleX = image.Width / (double)options.Width;
        var area = options.Interpolation == Interpolation.Area;
        var shrinkArea = area && scaleX >= 1 && scaleY >= 1;
        var tapsY = Taps(image.Height, options.Height, options.Interpolation, shrinkArea);
        var tapsX = Taps(image.Width, options.Width, options.Interpolation, shrinkArea);
        var result = new Image(image.Channels, options.Height, options.Width);
        var rows = new float[image.Height * options.Width];
        for (var c = 0; c < image.Channels; c++)
        {
            ReadOnlySpan<float> src = source.Plane(c);

            // Along x: every source row → an output-width row.
            for (var y = 0; y < image.Height; y++)
            {
                var srcRow = src.Slice(y * image.Width, image.Width);
                var dstRow = rows.AsSpan(y * options.Width, options.Width);
                for (var x = 0; x < options.Width; x++)
                {
                    var sum = 0f;
                    foreach (var (index, weight) in tapsX[x])
                    {
                        sum += srcRow[index] * weight;
                    }

                    dstRow[x] = sum;
                }
            }

            // Along y.
            var dst = result.Plane(c);
            for (var y = 0; y < options.Height; y++)
            {
                var dstRow = dst.Slice(y * options.Width, options.Width);
                foreach (var (index, weight) in tapsY[y])
                {
                    var srcRow = rows.AsSpan(index * options.Width, options.Width);
                    for (var x = 0; x < dstRow.Length; x++)
                    {
                        dstRow[x] += srcRow[x] * weight;
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Source taps (index, weight) for each of <paramref name="dstSize"/> outputs along one axis.</summary>
    private static (int Index, float Weight)[][] Taps(int srcSize, int dstSize, Interpolation interpolation, bool shrinkArea)
    {
        var inverseScale = dstSize / (double)srcSize;
        var scale = 1.0 / inverseScale;
        var taps = new (int, float)[dstSize][];
        if (shrinkArea)
        {
            // OpenCV computeResizeAreaTab: each output covers [d·scale, (d+1)·scale) of the source.
            scale = srcSize / (double)dstSize;
            for (var d = 0; d < dstSize; d++)
            {
                var list = new List<(int, float)>();
                var f1 = d * scale;
                var f2 = f1 + scale;
                var cellWidth = Math.Min(scale, srcSize - f1);
                var s1 = (int)Math.Ceiling(f1);
                var s2 = Math.Min((int)Math.Floor(f2), srcSize - 1);
                s1 = Math.Min(s1, s2);
                if (s1 - f1 > 1e-3)
                {
                    list.Add((s1 - 1, (float)((s1 - f1) / cellWidth)));
                }

                for (var s = s1; s < s2; s++)
                {
                    list.Add((s, (float)(1.0 / cellWidth)));
                }

                if (f2 - s2 > 1e-3)
                {
                    list.Add((s2, (float)(Math.Min(Math.Min(f2 - s2, 1.0), cellWidth) / cellWidth)));
                }

                taps[d] = [.. list];
            }

            return taps;
        }

        for (var d = 0; d < dstSize; d++)
        {
            switch (interpolation)
            {
                case Interpolation.Nearest:
                    taps[d] = [(Math.Min((int)Math.Floor(d * scale), srcSize - 1), 1f)];
                    break;
                case Interpolation.Cubic:
                    {
                        var f = (float)(((d + 0.5) * scale) - 0.5);
                        var s = (int)MathF.Floor(f);
                        f -= s;
                        const float A = -0.75f;
                        var c0 = ((((A * (f + 1)) - (5 * A)) * (f + 1)) + (8 * A)) * (f + 1) - (4 * A);
                        var c1 = (((((A + 2) * f) - (A + 3)) * f) * f) + 1;
                        var c2 = (((((A + 2) * (1 - f)) - (A + 3)) * (1 - f)) * (1 - f)) + 1;
                        var c3 = 1f - c0 - c1 - c2;
                        taps[d] =
                        [
                            (Math.Clamp(s - 1, 0, srcSize - 1), c0),
                            (Math.Clamp(s, 0, srcSize - 1), c1),
                            (Math.Clamp(s + 1, 0, srcSize - 1), c2),
                            (Math.Clamp(s + 2, 0, srcSize - 1), c3),
                        ];
                        break;
                    }

                default:
                    {
                        // Linear, and Area when enlarging (OpenCV's area_mode coefficients).
                        int s;
                        float f;
                        if (interpolation == Interpolation.Area)
                        {
                            s = (int)Math.Floor(d * scale);
                            f = (float)((d + 1) - ((s + 1) * inverseScale));
                            f = f <= 0 ? 0f : f - MathF.Floor(f);
                        }
                        else
                        {
                            f = (float)(((d + 0.5) * scale) - 0.5);
                            s = (int)MathF.Floor(f);
                            f -= s;
                        }

                        if (s < 0)
                        {
                            (s, f) = (0, 0f);
                        }

                        if (s >= srcSize - 1)
                        {
                            (s, f) = (srcSize - 1, 0f);
                        }

                        taps[d] = [(s, 1f - f), (Math.Min(s + 1, srcSize - 1), f)];
                        break;
                    }
            }
        }

        return taps;
    }
}
