using System.Numerics.Tensors;

namespace MedVision.Tensors;

/// <summary>
/// Element-wise loops over broadcast operands (NumPy rules). Dimensions that are contiguous for every operand,
/// or broadcast for every operand, are merged first, so the inner loop is as long as possible and runs
/// through <see cref="TensorPrimitives"/>.
/// </summary>
internal static class Broadcasting
{
    internal enum BinaryOp
    {
        Add,
        Sub,
        Mul,
        Div,
    }

    /// <summary>out = a ⊙ b with out of the broadcast shape <paramref name="shape"/>.</summary>
    public static void Apply(BinaryOp op, Tensor a, Tensor b, Span<float> result, int[] shape)
    {
        if (result.IsEmpty)
        {
            return;
        }

        var sa = ShapeMath.BroadcastStrides(a.Shape, shape);
        var sb = ShapeMath.BroadcastStrides(b.Shape, shape);
        var (dims, strides) = Collapse(shape, [sa, sb]);
        var rank = dims.Length;
        var inner = rank == 0 ? 1 : dims[rank - 1];
        var ia = rank == 0 ? 0 : strides[0][rank - 1];
        var ib = rank == 0 ? 0 : strides[1][rank - 1];
        var outer = rank == 0 ? 1 : ShapeMath.Count(dims.AsSpan(0, rank - 1));
        var index = new int[Math.Max(rank - 1, 0)];
        ReadOnlySpan<float> da = a.Data;
        ReadOnlySpan<float> db = b.Data;
        int offA = 0, offB = 0;
        for (var o = 0; o < outer; o++)
        {
            var dst = result.Slice(o * inner, inner);
            if (ia == 1 && ib == 1)
            {
                Vector(op, da.Slice(offA, inner), db.Slice(offB, inner), dst);
            }
            else if (ia == 1)
            {
                VectorScalar(op, da.Slice(offA, inner), db[offB], dst);
            }
            else if (ib == 1)
            {
                ScalarVector(op, da[offA], db.Slice(offB, inner), dst);
            }
            else
            {
                dst.Fill(Scalar(op, da[offA], db[offB]));
            }

            for (var d = rank - 2; d >= 0; d--)
            {
                offA += strides[0][d];
                offB += strides[1][d];
                if (++index[d] < dims[d])
                {
                    break;
                }

                offA -= strides[0][d] * dims[d];
                offB -= strides[1][d] * dims[d];
                index[d] = 0;
            }
        }
    }

    /// <summary>Sums <paramref name="grad"/> over the dimensions that were broadcast to reach its shape from <paramref name="shape"/>.</summary>
    public static Tensor ReduceTo(Tensor grad, int[] shape)
    {
        var result = new Tensor(StoragePool.Rent(ShapeMath.Count(shape), clear: true), shape);
        if (grad.Length == 0)
        {
            return result;
        }

        var full = grad.ShapeArray();
        var st = ShapeMath.BroadcastStrides(shape, full);
        var (dims, strides) = Collapse(full, [st]);
        var rank = dims.Length;
        var inner = rank == 0 ? 1 : dims[rank - 1];
        var it = rank == 0 ? 0 : strides[0][rank - 1];
        var outer = rank == 0 ? 1 : ShapeMath.Count(dims.AsSpan(0, rank - 1));
        var index = new int[Math.Max(rank - 1, 0)];
        ReadOnlySpan<float> g = grad.Data;
        var r = result.Data;
        var off = 0;
        for (var o = 0; o < outer; o++)
        {
            var src = g.Slice(o * inner, inner);
            if (it == 1)
            {
                var dst = r.Slice(off, inner);
                TensorPrimitives.Add(dst, src, dst);
            }
            else
            {
                r[off] += TensorPrimitives.Sum(src);
            }

            for (var d = rank - 2; d >= 0; d--)
            {
                off += strides[0][d];
                if (++index[d] < dims[d])
                {
                    break;
                }

                off -= strides[0][d] * dims[d];
                index[d] = 0;
            }
        }

        return result;
    }

    /// <summary>Copies <paramref name="source"/> broadcast to <paramref name="shape"/>.</summary>
    public static Tensor Expand(Tensor source, int[] shape)
    {
        var result = new Tensor(StoragePool.Rent(ShapeMath.Count(shape)), shape);
        var zero = Tensor.Scalar(0f);
        Apply(BinaryOp.Add, source, zero, result.Data, shape);
        return result;
    }

    /// <summary>Drops size-1 dimensions and merges neighbours that step through memory alike for every operand.</summary>
    private static (int[] Dims, int[][] Strides) Collapse(int[] shape, int[][] strides)
    {
        var dims = new List<int>();
        var merged = strides.Select(_ => new List<int>()).ToArray();
        for (var d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1)
            {
                continue;
            }

            var last = dims.Count - 1;
            var canMerge = last >= 0;
            for (var k = 0; k < strides.Length && canMerge; k++)
            {
                var prev = merged[k][last];
                var cur = strides[k][d];
                canMerge = (prev == 0 && cur == 0) || (prev != 0 && cur != 0 && prev == cur * shape[d]);
            }

            if (canMerge)
            {
                dims[last] *= shape[d];
                for (var k = 0; k < strides.Length; k++)
                {
                    merged[k][last] = strides[k][d];
                }
            }
            else
            {
                dims.Add(shape[d]);
                for (var k = 0; k < strides.Length; k++)
                {
                    merged[k].Add(strides[k][d]);
                }
            }
        }

        return ([.. dims], merged.Select(m => m.ToArray()).ToArray());
    }

    private static void Vector(BinaryOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> r)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, r); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(a, b, r); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(a, b, r); break;
            default: TensorPrimitives.Divide(a, b, r); break;
        }
    }

    private static void VectorScalar(BinaryOp op, ReadOnlySpan<float> a, float b, Span<float> r)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, r); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(a, b, r); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(a, b, r); break;
            default: TensorPrimitives.Divide(a, b, r); break;
        }
    }

    private static void ScalarVector(BinaryOp op, float a, ReadOnlySpan<float> b, Span<float> r)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(b, a, r); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(a, b, r); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(b, a, r); break;
            default: TensorPrimitives.Divide(a, b, r); break;
        }
    }

    private static float Scalar(BinaryOp op, float a, float b) => op switch
    {
        BinaryOp.Add => a + b,
        BinaryOp.Sub => a - b,
        BinaryOp.Mul => a * b,
        _ => a / b,
    };
}
