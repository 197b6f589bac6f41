namespace MedVision.Imaging.Wavelets;

/// <summary>
/// A row-major float64 matrix of <see cref="Height"/> × <see cref="Width"/>: a 2-D signal or a band of wavelet
/// coefficients (element (y, x) at <c>Data[y·W + x]</c>, the layout of a C-order NumPy array).
/// </summary>
public sealed class Array2D
{
    /// <summary>Wraps <paramref name="data"/> (not copied); its length must be height·width.</summary>
    public Array2D(int height, int width, double[] data)
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

    /// <summary>A zero-filled matrix.</summary>
    public Array2D(int height, int width)
        : this(height, width, new double[checked(height * width)])
    {
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Row-major values.</summary>
    public double[] Data { get; }

    /// <summary>Element (y, x).</summary>
    public double this[int y, int x]
    {
        get => Data[(y * Width) + x];
        set => Data[(y * Width) + x] = value;
    }

    /// <summary>Plane <paramref name="channel"/> of <paramref name="image"/> as float64.</summary>
    public static Array2D FromImage(Image image, int channel = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, image.Channels);
        var plane = image.Plane(channel);
        var data = new double[plane.Length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = plane[i];
        }

        return new Array2D(image.Height, image.Width, data);
    }

    public override string ToString() => $"Array2D({Height}×{Width})";
}
