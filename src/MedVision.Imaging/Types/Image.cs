namespace MedVision.Imaging;

/// <summary>
/// A 2-D image: <see cref="Channels"/> float32 planes of <see cref="Height"/> × <see cref="Width"/>,
/// stored planar (channel-major, then row-major): pixel (c, y, x) is at <c>Data[(c·H + y)·W + x]</c>.
/// Values keep the stored scale (0–255 for 8-bit, 0–65535 for 16-bit, Hounsfield units after a modality
/// rescale) until a caller normalises them. Planar order matches the (C, H, W) tensors of the networks.
/// </summary>
public sealed class Image
{
    /// <summary>Wraps <paramref name="data"/> (not copied); its length must be channels·height·width.</summary>
    public Image(int channels, int height, int width, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentNullException.ThrowIfNull(data);
        if ((long)channels * height * width != data.Length)
        {
            throw new ArgumentException(
                $"data holds {data.Length} values, expected {channels}×{height}×{width} = {(long)channels * height * width}", nameof(data));
        }

        Channels = channels;
        Height = height;
        Width = width;
        Data = data;
    }

    /// <summary>A zero-filled image.</summary>
    public Image(int channels, int height, int width)
        : this(channels, height, width, new float[checked(channels * height * width)])
    {
    }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Planar pixel values, (C, H, W) order.</summary>
    public float[] Data { get; }

    /// <summary>Pixels per plane (H·W).</summary>
    public int PlaneSize => Height * Width;

    /// <summary>Pixel (c, y, x).</summary>
    public float this[int c, int y, int x]
    {
        get => Data[((c * Height) + y) * Width + x];
        set => Data[((c * Height) + y) * Width + x] = value;
    }

    /// <summary>Plane <paramref name="c"/> as a span of H·W values.</summary>
    public Span<float> Plane(int c) => Data.AsSpan(c * PlaneSize, PlaneSize);

    /// <summary>A deep copy.</summary>
    public Image Clone() => new(Channels, Height, Width, (float[])Data.Clone());

    /// <summary>
    /// Luminance as one plane: identity for one channel, ITU-R 601-2 luma (0.299 R + 0.587 G + 0.114 B,
    /// as Pillow's <c>convert("L")</c> before rounding) for three or four (alpha ignored), mean otherwise.
    /// </summary>
    public Image ToGray()
    {
        if (Channels == 1)
        {
            return this;
        }

        var gray = new float[PlaneSize];
        if (Channels is 3 or 4)
        {
            var r = Plane(0);
            var g = Plane(1);
            var b = Plane(2);
            for (var i = 0; i < gray.Length; i++)
            {
                gray[i] = (0.299f * r[i]) + (0.587f * g[i]) + (0.114f * b[i]);
            }
        }
        else
        {
            for (var c = 0; c < Channels; c++)
            {
                var plane = Plane(c);
                for (var i = 0; i < gray.Length; i++)
                {
                    gray[i] += plane[i] / Channels;
                }
            }
        }

        return new Image(1, Height, Width, gray);
    }

    public override string ToString() => $"Image({Channels}×{Height}×{Width})";
}
