namespace MedVision.Imaging;

/// <summary>
/// Crops, pads, crops around a point, 90° rotations and flips, with NumPy's semantics (<c>a[y0:y1, x0:x1]</c>,
/// <c>numpy.pad</c>, <c>numpy.rot90</c>, <c>numpy.flip</c>) on every channel.
/// </summary>
public static class Geometry
{
    /// <summary>The <paramref name="height"/> × <paramref name="width"/> window whose top-left pixel is (<paramref name="top"/>, <paramref name="left"/>); it must lie inside the image.</summary>
    public static Image Crop(Image image, int top, int left, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (top < 0 || left < 0 || height < 0 || width < 0 || top + height > image.Height || left + width > image.Width)
        {
            throw new ArgumentOutOfRangeException(
                nameof(top), $"crop rows {top}…{top + height} and columns {left}…{left + width} must lie inside the {image.Height}×{image.Width} image");
        }

        return Window(image, top, left, height, width, PadMode.Constant, 0);
    }

    /// <summary>Adds <paramref name="top"/>, <paramref name="bottom"/>, <paramref name="left"/>, <paramref name="right"/> pixels filled by <paramref name="mode"/> (numpy.pad).</summary>
    public static Image Pad(Image image, int top, int bottom, int left, int right, PadMode mode = PadMode.Constant, float value = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (top < 0 || bottom < 0 || left < 0 || right < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(top), $"pad widths must be ≥ 0, got top={top}, bottom={bottom}, left={left}, right={right}");
        }

        return Window(image, -top, -left, image.Height + top + bottom, image.Width + left + right, mode, value);
    }

    /// <summary>
    /// The <paramref name="height"/> × <paramref name="width"/> window centred on (<paramref name="centerY"/>,
    /// <paramref name="centerX"/>) — rows centerY − height/2 … centerY − height/2 + height − 1 — with pixels
    /// beyond the image filled by <paramref name="mode"/> (default zeros): the ROI of seeds/002 and the patch
    /// of seeds/003.
    /// </summary>
    public static Image CropAround(Image image, int centerY, int centerX, int height, int width, PadMode mode = PadMode.Constant, float value = 0) =>
        Window(image, centerY - (height / 2), centerX - (width / 2), height, width, mode, value);

    /// <summary>Rotation by <paramref name="k"/>·90° counter-clockwise, as <c>numpy.rot90(a, k)</c> (negative k turns clockwise).</summary>
    public static Image Rot90(Image image, int k = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        k = ((k % 4) + 4) % 4;
        var h = image.Height;
        var w = image.Width;
        var (oh, ow) = k % 2 == 0 ? (h, w) : (w, h);
        var result = new Image(image.Channels, oh, ow);
        for (var c = 0; c < image.Channels; c++)
        {
            for (var y = 0; y < oh; y++)
            {
                for (var x = 0; x < ow; x++)
                {
                    result[c, y, x] = k switch
                    {
                        0 => image[c, y, x],
                        1 => image[c, x, w - 1 - y],
                        2 => image[c, h - 1 - y, w - 1 - x],
                        _ => image[c, h - 1 - x, y],
                    };
                }
            }
        }

        return result;
    }

    /// <summary>Mirror left–right (<c>numpy.fliplr</c>).</summary>
    public static Image FlipHorizontal(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = image.Clone();
        for (var c = 0; c < image.Channels; c++)
        {
            for (var y = 0; y < image.Height; y++)
            {
                result.Plane(c).Slice(y * image.Width, image.Width).Reverse();
            }
        }

        return result;
    }

    /// <summary>Mirror top–bottom (<c>numpy.flipud</c>).</summary>
    public static Image FlipVertical(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new Image(image.Channels, image.Height, image.Width);
        for (var c = 0; c < image.Channels; c++)
        {
            for (var y = 0; y < image.Height; y++)
            {
                image.Plane(c).Slice(y * image.Width, image.Width).CopyTo(result.Plane(c).Slice((image.Height - 1 - y) * image.Width, image.Width));
            }
        }

        return result;
    }

    /// <summary>Maps a NumPy pad mode to the equivalent scipy border mode.</summary>
    internal static BorderMode ToBorderMode(PadMode mode) => mode switch
    {
        PadMode.Constant => BorderMode.Constant,
        PadMode.Edge => BorderMode.Nearest,
        PadMode.Reflect => BorderMode.Mirror,
        PadMode.Symmetric => BorderMode.Reflect,
        PadMode.Wrap => BorderMode.Wrap,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown pad mode"),
    };

    private static Image Window(Image image, int top, int left, int height, int width, PadMode mode, float value)
    {
        ArgumentNullException.ThrowIfNull(image);
        Guard.AtLeast(height, 0, nameof(height));
        Guard.AtLeast(width, 0, nameof(width));
        var border = ToBorderMode(mode);
        if ((image.Height == 0 || image.Width == 0) && border != BorderMode.Constant && height * width > 0)
        {
            throw new ArgumentException($"{mode} padding needs a non-empty image, got {image.Height}×{image.Width}", nameof(image));
        }

        var result = new Image(image.Channels, height, width);
        var cols = new int[width];
        for (var x = 0; x < width; x++)
        {
            cols[x] = Border.Index(left + x, image.Width, border);
        }

        for (var c = 0; c < image.Channels; c++)
        {
            ReadOnlySpan<float> src = image.Plane(c);
            var dst = result.Plane(c);
            for (var y = 0; y < height; y++)
            {
                var sy = Border.Index(top + y, image.Height, border);
                for (var x = 0; x < width; x++)
                {
                    dst[(y * width) + x] = sy < 0 || cols[x] < 0 ? value : src[(sy * image.Width) + cols[x]];
                }
            }
        }

        return result;
    }
}
