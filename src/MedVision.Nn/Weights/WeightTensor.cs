namespace MedVision.Nn.Weights;

/// <summary>
/// One named array of a weight file: its shape (row-major, C order) and its values converted to float32.
/// Independent of <c>Tensor</c> so that files can be read, checked and written without building a model.
/// </summary>
public sealed class WeightTensor
{
    /// <summary>Wraps <paramref name="values"/> (not copied) with <paramref name="shape"/>; the lengths must agree.</summary>
    public WeightTensor(int[] shape, float[] values)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"shape dimensions must be ≥ 0, got [{string.Join(", ", shape)}]", nameof(shape));
            }

            count *= d;
        }

        if (count != values.Length)
        {
            throw new ArgumentException(
                $"values must hold {count} elements for shape [{string.Join(", ", shape)}], got {values.Length}", nameof(values));
        }

        Shape = shape;
        Values = values;
    }

    /// <summary>Dimensions, outermost first; empty for a scalar.</summary>
    public int[] Shape { get; }

    /// <summary>The elements in C order.</summary>
    public float[] Values { get; }

    /// <summary>Number of elements (product of <see cref="Shape"/>).</summary>
    public int Count => Values.Length;

    /// <summary>The shape as <c>[a, b, c]</c>, for messages.</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
