namespace MedVision.Imaging.Features;

/// <summary>
/// A row-major float32 matrix of <see cref="Rows"/> images × <see cref="Columns"/> features, as the feature
/// extractors produce it (MedVision.Classical fits on its own float64 <c>FeatureMatrix</c>; convert with the data array).
/// </summary>
public sealed class ImageFeatureMatrix
{
    /// <summary>Wraps <paramref name="data"/> (not copied); its length must be rows·columns.</summary>
    public ImageFeatureMatrix(int rows, int columns, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentNullException.ThrowIfNull(data);
        if ((long)rows * columns != data.Length)
        {
            throw new ArgumentException($"data holds {data.Length} values, expected {rows}×{columns} = {(long)rows * columns}", nameof(data));
        }

        Rows = rows;
        Columns = columns;
        Data = data;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Row-major values: feature j of sample i at <c>Data[i·Columns + j]</c>.</summary>
    public float[] Data { get; }

    /// <summary>The features of sample <paramref name="row"/>.</summary>
    public Span<float> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return Data.AsSpan(row * Columns, Columns);
    }

    public override string ToString() => $"ImageFeatureMatrix({Rows}×{Columns})";
}
