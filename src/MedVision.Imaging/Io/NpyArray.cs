namespace MedVision.Imaging.Io;

/// <summary>
/// An n-dimensional NumPy array in C order: <see cref="Shape"/> plus values held as float32 (<see cref="Floats"/>)
/// or float64 (<see cref="Doubles"/>); exactly one of the two is set. <see cref="DType"/> is the element type
/// the file stores (or will store): bool, 8- and 16-bit integers and f4 are held as floats, 32/64-bit integers
/// and f8 as doubles, so every value is exact. Feature matrices are N×F arrays: <c>new NpyArray([n, f], values)</c>.
/// </summary>
public sealed class NpyArray
{
    /// <summary>A float32 array (<see cref="NpyDType.Float32"/>); <paramref name="data"/> is not copied.</summary>
    public NpyArray(int[] shape, float[] data)
        : this(shape, data, null, NpyDType.Float32)
    {
    }

    /// <summary>A float64 array (<see cref="NpyDType.Float64"/>); <paramref name="data"/> is not copied.</summary>
    public NpyArray(int[] shape, double[] data)
        : this(shape, null, data, NpyDType.Float64)
    {
    }

    /// <summary>
    /// An array stored as <paramref name="dtype"/> (Bool, UInt8, Int8, UInt16, Int16 or Float32) whose values are
    /// <paramref name="data"/>; writing checks that each value fits the type.
    /// </summary>
    public NpyArray(int[] shape, float[] data, NpyDType dtype)
        : this(shape, data, null, dtype)
    {
        if (dtype is not (NpyDType.Bool or NpyDType.UInt8 or NpyDType.Int8 or NpyDType.UInt16 or NpyDType.Int16 or NpyDType.Float32))
        {
            throw new ArgumentException($"float data holds Bool, (U)Int8, (U)Int16 or Float32 values exactly, not {dtype}", nameof(dtype));
        }
    }

    /// <summary>An array stored as <paramref name="dtype"/> (Int32, UInt32, Int64, UInt64 or Float64).</summary>
    public NpyArray(int[] shape, double[] data, NpyDType dtype)
        : this(shape, null, data, dtype)
    {
        if (dtype is not (NpyDType.Int32 or NpyDType.UInt32 or NpyDType.Int64 or NpyDType.UInt64 or NpyDType.Float64))
        {
            throw new ArgumentException($"double data is meant for 32/64-bit integers or Float64, not {dtype}", nameof(dtype));
        }
    }

    private NpyArray(int[] shape, float[]? floats, double[]? doubles, NpyDType dtype)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count *= d;
        }

        var length = floats?.Length ?? doubles?.Length ?? throw new ArgumentNullException(nameof(floats));
        if (count != length)
        {
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) needs {count} values, data holds {length}", nameof(shape));
        }

        Shape = (int[])shape.Clone();
        Floats = floats;
        Doubles = doubles;
        DType = dtype;
    }

    /// <summary>An N×F float32 matrix (rows are samples, columns features), copied.</summary>
    public static NpyArray FromMatrix(float[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var values = new float[matrix.Length];
        var i = 0;
        foreach (var v in matrix)
        {
            values[i++] = v;
        }

        return new NpyArray([matrix.GetLength(0), matrix.GetLength(1)], values);
    }

    /// <summary>An N×F float64 matrix (rows are samples, columns features), copied.</summary>
    public static NpyArray FromMatrix(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var values = new double[matrix.Length];
        var i = 0;
        foreach (var v in matrix)
        {
            values[i++] = v;
        }

        return new NpyArray([matrix.GetLength(0), matrix.GetLength(1)], values);
    }

    /// <summary>Dimensions, outermost first (C order).</summary>
    public int[] Shape { get; }

    /// <summary>The stored element type.</summary>
    public NpyDType DType { get; }

    /// <summary>Values as float32 when the element type fits one exactly, else null.</summary>
    public float[]? Floats { get; }

    /// <summary>Values as float64 for 32/64-bit integers and f8, else null.</summary>
    public double[]? Doubles { get; }

    /// <summary>Number of elements.</summary>
    public int Count => Floats?.Length ?? Doubles!.Length;

    /// <summary>The values as float32 (a copy when held as doubles, rounding as C# casts do).</summary>
    public float[] ToFloatArray() => Floats ?? Array.ConvertAll(Doubles!, v => (float)v);

    /// <summary>The values as float64 (a copy when held as floats).</summary>
    public double[] ToDoubleArray() => Doubles ?? Array.ConvertAll(Floats!, v => (double)v);

    public override string ToString() => $"NpyArray({DType}, ({string.Join(", ", Shape)}))";
}
