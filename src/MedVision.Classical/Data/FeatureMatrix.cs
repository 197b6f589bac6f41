namespace MedVision.Classical;

/// <summary>
/// A dense, row-major feature matrix: one row per sample, one column per feature, stored as float64 because
/// scikit-learn fits in float64 and results are compared with it to ~1e-10 (float32 would cap agreement at
/// ~1e-7 and make solvers such as L-BFGS or SMO stop at different points).
/// </summary>
public sealed class FeatureMatrix
{
    /// <summary>Wraps <paramref name="values"/> (length <c>rows·cols</c>, row-major) without copying.</summary>
    public FeatureMatrix(int rows, int cols, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if ((long)rows * cols != values.Length)
        {
            throw new ArgumentException($"values must hold rows·cols = {(long)rows * cols} numbers, got {values.Length}", nameof(values));
        }

        Rows = rows;
        Cols = cols;
        Values = values;
    }

    /// <summary>A zero matrix of shape (rows, cols).</summary>
    public FeatureMatrix(int rows, int cols)
        : this(rows, cols, new double[checked(rows * cols)])
    {
    }

    /// <summary>Number of samples.</summary>
    public int Rows { get; }

    /// <summary>Number of features.</summary>
    public int Cols { get; }

    /// <summary>The row-major storage (length <c>Rows·Cols</c>).</summary>
    public double[] Values { get; }

    /// <summary>Element (row, col).</summary>
    public double this[int row, int col]
    {
        get => Values[(row * Cols) + col];
        set => Values[(row * Cols) + col] = value;
    }

    /// <summary>The features of one sample.</summary>
    public Span<double> Row(int row) => Values.AsSpan(row * Cols, Cols);

    /// <summary>Copies a rectangular array.</summary>
    public static FeatureMatrix FromArray(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var m = new FeatureMatrix(values.GetLength(0), values.GetLength(1));
        for (var i = 0; i < m.Rows; i++)
        {
            for (var j = 0; j < m.Cols; j++)
            {
                m[i, j] = values[i, j];
            }
        }

        return m;
    }

    /// <summary>Copies jagged rows, which must all have the same length.</summary>
    public static FeatureMatrix FromRows(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var cols = rows.Count == 0 ? 0 : rows[0].Length;
        var m = new FeatureMatrix(rows.Count, cols);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != cols)
            {
                throw new ArgumentException($"row {i} has {rows[i].Length} features, expected {cols}", nameof(rows));
            }

            rows[i].CopyTo(m.Row(i));
        }

        return m;
    }

    /// <summary>The rows at <paramref name="indices"/>, in that order (a copy).</summary>
    public FeatureMatrix SelectRows(ReadOnlySpan<int> indices)
    {
        var m = new FeatureMatrix(indices.Length, Cols);
        for (var i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)Rows)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"row index {indices[i]} is outside 0..{Rows - 1}");
            }

            Row(indices[i]).CopyTo(m.Row(i));
        }

        return m;
    }

    /// <summary>A deep copy.</summary>
    public FeatureMatrix Clone() => new(Rows, Cols, (double[])Values.Clone());
}
