using System.Globalization;

namespace MedVision.Tensors;

/// <summary>Shape arithmetic shared by the ops: element counts, dimension normalisation, broadcasting.</summary>
internal static class ShapeMath
{
    public static int Count(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            n *= d;
        }

        return n > int.MaxValue ? throw new ArgumentException($"a tensor of shape {Format(shape)} has more than {int.MaxValue} elements") : (int)n;
    }

    public static void Validate(ReadOnlySpan<int> shape, string argument)
    {
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"{argument} must hold sizes ≥ 0, got {Format(shape)}", argument);
            }
        }

        _ = Count(shape);
    }

    public static string Format(ReadOnlySpan<int> shape)
    {
        var parts = new string[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        }

        return "(" + string.Join(", ", parts) + ")";
    }

    /// <summary>Maps a dimension in [-rank, rank) to [0, rank).</summary>
    public static int NormalizeDim(int dim, int rank, string argument)
    {
        var d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank)
        {
            throw new ArgumentOutOfRangeException(argument, dim, $"{argument} must be in [{-rank}, {rank - 1}] for a tensor of rank {rank}, got {dim}");
        }

        return d;
    }

    public static int Offset(ReadOnlySpan<int> shape, ReadOnlySpan<int> indices)
    {
        if (indices.Length != shape.Length)
        {
            throw new ArgumentException($"expected {shape.Length} indices for shape {Format(shape)}, got {indices.Length}", nameof(indices));
        }

        var offset = 0;
        for (var i = 0; i < shape.Length; i++)
        {
            var idx = indices[i] < 0 ? indices[i] + shape[i] : indices[i];
            if ((uint)idx >= (uint)shape[i])
            {
                throw new IndexOutOfRangeException($"index {indices[i]} is out of range for dimension {i} of size {shape[i]}");
            }

            offset = offset * shape[i] + idx;
        }

        return offset;
    }

    /// <summary>Product of <paramref name="shape"/>[from..to).</summary>
    public static int Product(ReadOnlySpan<int> shape, int from, int to)
    {
        var n = 1;
        for (var i = from; i < to; i++)
        {
            n *= shape[i];
        }

        return n;
    }

    /// <summary>The broadcast shape of two shapes (NumPy/PyTorch rules: align right, sizes equal or 1).</summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b, string op)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast together (dimension {i}: {da} vs {db})");
            }

            result[i] = da == 1 ? db : da;
        }

        return result;
    }

    /// <summary>
    /// Strides of <paramref name="shape"/> aligned right to <paramref name="target"/>, with 0 for
    /// broadcast (size-1 or missing) dimensions.
    /// </summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> target)
    {
        var rank = target.Length;
        var strides = new int[rank];
        var stride = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            var ti = i + rank - shape.Length;
            strides[ti] = shape[i] == 1 && target[ti] != 1 ? 0 : stride;
            stride *= shape[i];
        }

        return strides;
    }
}
