using System.Numerics.Tensors;
using MedVision.Tensors.Autograd;

namespace MedVision.Tensors;

/// <summary>Sums, means and arg-max over all elements or one dimension.</summary>
public static partial class Ops
{
    private const int SumChunk = 1 << 14;

    /// <summary>
    /// Σ of all elements as a zero-dimensional tensor (PyTorch <c>torch.sum</c>). Summed in fixed chunks of
    /// 16,384 values whose partial sums are added in double precision, in order: the same bits for any thread count.
    /// </summary>
    public static Tensor Sum(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Scalar((float)SumAll(x.Storage, x.Length));
        return Graph.ShouldRecord(x)
            ? Graph.Record(y, "Sum", [x], dY =>
            {
                var dX = Like(x);
                dX.Data.Fill(dY.Storage[0]);
                Graph.Accumulate(x, dX, owned: true);
            })
            : y;
    }

    /// <summary>Mean of all elements as a zero-dimensional tensor (PyTorch <c>torch.mean</c>).</summary>
    public static Tensor Mean(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Mul(Sum(x), 1f / x.Length);
    }

    /// <summary>Σ over dimension <paramref name="dim"/> (PyTorch <c>torch.sum(x, dim, keepdim)</c>); dX = dY broadcast back.</summary>
    public static Tensor Sum(Tensor x, int dim, bool keepDim = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        var d = ShapeMath.NormalizeDim(dim, x.Rank, nameof(dim));
        var outer = ShapeMath.Product(x.Shape, 0, d);
        var size = x.Shape[d];
        var inner = ShapeMath.Product(x.Shape, d + 1, x.Rank);
        var keptShape = x.ShapeArray();
        keptShape[d] = 1;
        var y = new Tensor(StoragePool.Rent(outer * inner, clear: true), keptShape);
        var (xs, ys) = (x.Storage, y.Storage);
        Parallelism.ForRange(outer, 1, (s, e) =>
        {
            for (var o = s; o < e; o++)
            {
                var dst = ys.AsSpan(o * inner, inner);
                for (var k = 0; k < size; k++)
                {
                    var src = xs.AsSpan(((o * size) + k) * inner, inner);
                    if (inner == 1)
                    {
                        dst[0] += src[0];
                    }
                    else
                    {
                        TensorPrimitives.Add(dst, src, dst);
                    }
                }
            }
        });
        if (Graph.ShouldRecord(x))
        {
            Graph.Record(y, "SumDim", [x], dY => Graph.Accumulate(x, Broadcasting.Expand(dY, x.ShapeArray()), owned: true));
        }

        if (keepDim)
        {
            return y;
        }

        var squeezed = keptShape.Where((_, i) => i != d).ToArray();
        return Reshape(y, squeezed);
    }

    /// <summary>Mean over dimension <paramref name="dim"/> (PyTorch <c>torch.mean(x, dim, keepdim)</c>).</summary>
    public static Tensor Mean(Tensor x, int dim, bool keepDim = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Mul(Sum(x, dim, keepDim), 1f / x.Size(dim));
    }

    /// <summary>Index of the largest value along the last dimension for each row (first index on ties; no gradient).</summary>
    public static int[] ArgMax(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0 || x.Shape[^1] == 0)
        {
            throw new ArgumentException($"ArgMax needs a non-empty last dimension, got shape {ShapeMath.Format(x.Shape)}", nameof(x));
        }

        var size = x.Shape[^1];
        var rows = x.Length / size;
        var result = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            result[r] = TensorPrimitives.IndexOfMax(x.Data.Slice(r * size, size));
        }

        return result;
    }

    internal static double SumAll(float[] storage, int length)
    {
        var chunks = (length + SumChunk - 1) / SumChunk;
        if (chunks <= 1)
        {
            return TensorPrimitives.Sum(storage.AsSpan(0, length));
        }

        var partial = new double[chunks];
        Parallelism.ForRange(chunks, 4, (s, e) =>
        {
            for (var c = s; c < e; c++)
            {
                var start = c * SumChunk;
                partial[c] = TensorPrimitives.Sum(storage.AsSpan(start, Math.Min(SumChunk, length - start)));
            }
        });
        var total = 0.0;
        foreach (var p in partial)
        {
            total += p;
        }

        return total;
    }
}
