namespace MedVision.Imaging;

/// <summary>A binary image of <see cref="Height"/> × <see cref="Width"/> pixels, row-major; true is foreground.</summary>
public sealed class Mask
{
    /// <summary>Wraps <paramref name="data"/> (not copied); its length must be height·width.</summary>
    public Mask(int height, int width, bool[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentNullException.ThrowIfNull(data);
        if ((long)height * width != data.Length)
        {
            throw new ArgumentException($"data holds {data.Length} values, expected {height}×{width} = {(long)height * width}", nameof(data));
        }

        Height = height;
        Width = width;
        Data = data;
    }

    /// <summary>An all-background mask.</summary>
    public Mask(int height, int width)
        : this(height, width, new bool[checked(height * width)])
    {
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Row-major pixels.</summary>
    public bool[] Data { get; }

    /// <summary>Pixel (y, x).</summary>
    public bool this[int y, int x]
    {
        get => Data[(y * Width) + x];
        set => Data[(y * Width) + x] = value;
    }

    /// <summary>Number of foreground pixels.</summary>
    public int Count => Data.Count(v => v);

    /// <summary>Foreground where channel <paramref name="channel"/> of <paramref name="image"/> is strictly above <paramref name="threshold"/> (scikit-image's convention for <c>image &gt; threshold_otsu(image)</c>).</summary>
    public static Mask Above(Image image, double threshold, int channel = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, image.Channels);
        var plane = image.Plane(channel);
        var data = new bool[plane.Length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = plane[i] > threshold;
        }

        return new Mask(image.Height, image.Width, data);
    }

    /// <summary>The image with every channel set to 0 outside the mask.</summary>
    public Image ApplyTo(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Height != Height || image.Width != Width)
        {
            throw new ArgumentException($"image must be {Height}×{Width} like the mask, got {image.Height}×{image.Width}", nameof(image));
        }

        var result = image.Clone();
        for (var c = 0; c < image.Channels; c++)
        {
            var plane = result.Plane(c);
            for (var i = 0; i < Data.Length; i++)
            {
                if (!Data[i])
                {
                    plane[i] = 0;
                }
            }
        }

        return result;
    }

    /// <summary>The mask as a one-channel image of 0 and 1.</summary>
    public Image ToImage()
    {
        var image = new Image(1, Height, Width);
        for (var i = 0; i < Data.Length; i++)
        {
            image.Data[i] = Data[i] ? 1 : 0;
        }

        return image;
    }
}
