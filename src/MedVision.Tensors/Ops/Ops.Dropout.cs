using MedVision.Tensors.Autograd;

namespace MedVision.Tensors;

/// <summary>Dropout with a seeded generator.</summary>
public static partial class Ops
{
    /// <summary>
    /// Zeroes each element with probability <paramref name="p"/> and scales the rest by 1/(1 − p) when
    /// <paramref name="training"/> (PyTorch <c>F.dropout</c>); returns <paramref name="x"/> itself otherwise or when
    /// p = 0. The mask is drawn from <paramref name="generator"/> in element order (element i is kept when
    /// its uniform draw is ≥ p), so the same generator state gives the same mask. dX = dY·mask.
    /// </summary>
    public static Tensor Dropout(Tensor x, float p, bool training, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(generator);
        if (p is < 0f or > 1f || float.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, $"p must be in [0, 1], got {p}");
        }

        if (!training || p == 0f)
        {
            return x;
        }

        var mask = StoragePool.Rent(x.Length);
        var scale = p == 1f ? 0f : 1f / (1f - p);
        generator.FillMask(mask.AsSpan(0, x.Length), p, scale);

        var y = Like(x);
        System.Numerics.Tensors.TensorPrimitives.Multiply(x.Data, mask.AsSpan(0, x.Length), y.Data);
        if (!Graph.ShouldRecord(x))
        {
            StoragePool.Return(mask);
            return y;
        }

        return Graph.Record(
            y,
            "Dropout",
            [x],
            dY =>
            {
                var dX = Like(x);
                System.Numerics.Tensors.TensorPrimitives.Multiply(dY.Data, mask.AsSpan(0, x.Length), dX.Data);
                Graph.Accumulate(x, dX, owned: true);
            },
            () => StoragePool.Return(mask));
    }
}
