namespace MedVision.Imaging;

/// <summary>
/// A 3-D scalar volume of <see cref="Depth"/> slices × <see cref="Height"/> rows × <see cref="Width"/>
/// columns, stored z-major: voxel (z, y, x) is at <c>Data[(z·H + y)·W + x]</c>. Geometry follows ITK and
/// MetaImage: <see cref="Spacing"/> and <see cref="Origin"/> are in millimetres in (x, y, z) order, and
/// <see cref="Direction"/> is the row-major 3×3 matrix whose columns are the world directions of the
/// x, y and z index axes, so that world = Origin + Direction · (Spacing ⊙ index).
/// </summary>
public sealed class Volume
{
    public Volume(int depth, int height, int width, float[] data, double[]? spacing = null, double[]? origin = null, double[]? direction = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentNullException.ThrowIfNull(data);
        if ((long)depth * height * width != data.Length)
        {
            throw new ArgumentException($"data holds {data.Length} values, expected {depth}×{height}×{width}", nameof(data));
        }

        Depth = depth;
        Height = height;
        Width = width;
        Data = data;
        Spacing = Check(spacing ?? [1, 1, 1], 3, nameof(spacing));
        Origin = Check(origin ?? [0, 0, 0], 3, nameof(origin));
        Direction = Check(direction ?? [1, 0, 0, 0, 1, 0, 0, 0, 1], 9, nameof(direction));
    }

    public int Depth { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Voxel values, (z, y, x) order.</summary>
    public float[] Data { get; }

    /// <summary>Voxel size in mm, (x, y, z).</summary>
    public double[] Spacing { get; }

    /// <summary>World position of voxel (0, 0, 0) in mm, (x, y, z).</summary>
    public double[] Origin { get; }

    /// <summary>Row-major 3×3 direction cosines; column k is the world direction of index axis k (x, y, z).</summary>
    public double[] Direction { get; }

    /// <summary>Voxel (z, y, x).</summary>
    public float this[int z, int y, int x]
    {
        get => Data[((z * Height) + y) * Width + x];
        set => Data[((z * Height) + y) * Width + x] = value;
    }

    /// <summary>World coordinates (mm, x y z) of a continuous index (x, y, z).</summary>
    public (double X, double Y, double Z) IndexToWorld(double ix, double iy, double iz)
    {
        double sx = Spacing[0] * ix, sy = Spacing[1] * iy, sz = Spacing[2] * iz;
        var d = Direction;
        return (Origin[0] + (d[0] * sx) + (d[1] * sy) + (d[2] * sz),
                Origin[1] + (d[3] * sx) + (d[4] * sy) + (d[5] * sz),
                Origin[2] + (d[6] * sx) + (d[7] * sy) + (d[8] * sz));
    }

    /// <summary>
    /// Continuous index (x, y, z) of a world point (mm): the inverse of <see cref="IndexToWorld"/>, solving
    /// Direction · (Spacing ⊙ index) = world − Origin.
    /// </summary>
    public (double X, double Y, double Z) WorldToIndex(double wx, double wy, double wz)
    {
        double px = wx - Origin[0], py = wy - Origin[1], pz = wz - Origin[2];
        var d = Direction;
        // Inverse of a 3×3 by cofactors: direction matrices are usually orthonormal but need not be.
        var det = (d[0] * ((d[4] * d[8]) - (d[5] * d[7]))) - (d[1] * ((d[3] * d[8]) - (d[5] * d[6]))) + (d[2] * ((d[3] * d[7]) - (d[4] * d[6])));
        if (Math.Abs(det) < 1e-12)
        {
            throw new InvalidOperationException("the volume's direction matrix is singular");
        }

        var ix = (((d[4] * d[8]) - (d[5] * d[7])) * px + ((d[2] * d[7]) - (d[1] * d[8])) * py + ((d[1] * d[5]) - (d[2] * d[4])) * pz) / det;
        var iy = (((d[5] * d[6]) - (d[3] * d[8])) * px + ((d[0] * d[8]) - (d[2] * d[6])) * py + ((d[2] * d[3]) - (d[0] * d[5])) * pz) / det;
        var iz = (((d[3] * d[7]) - (d[4] * d[6])) * px + ((d[1] * d[6]) - (d[0] * d[7])) * py + ((d[0] * d[4]) - (d[1] * d[3])) * pz) / det;
        return (ix / Spacing[0], iy / Spacing[1], iz / Spacing[2]);
    }

    /// <summary>Slice <paramref name="z"/> as a one-channel image (a copy).</summary>
    public Image Slice(int z)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(z);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(z, Depth);
        var plane = Height * Width;
        return new Image(1, Height, Width, Data.AsSpan(z * plane, plane).ToArray());
    }

    private static double[] Check(double[] values, int length, string name) =>
        values.Length == length ? values : throw new ArgumentException($"{name} needs {length} values, got {values.Length}", name);
}
