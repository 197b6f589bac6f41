using MedVision.Tensors.Autograd;

namespace MedVision.Tensors;

/// <summary>Shape ops: reshape/view, flatten, transpose/permute, concatenation, gather and index-select.</summary>
public static partial class Ops
{
    /// <summary>
    /// The same elements with a new shape (PyTorch <c>reshape</c>/<c>view</c>): a view sharing storage. One
    /// size may be −1 and is inferred. dX = dY reshaped back.
    /// </summary>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(shape);
        var resolved = ResolveShape(shape, x.Length, x);
        var y = new Tensor(x.Storage, resolved);
        return Graph.ShouldRecord(x) ? Graph.Record(y, "Reshape", [x], dY => Graph.Accumulate(x, new Tensor(dY.Storage, x.ShapeArray()), owned: false)) : y;
    }

    /// <summary>Same as <see cref="Reshape"/> (PyTorch <c>view</c>; all tensors are contiguous).</summary>
    public static Tensor View(Tensor x, params int[] shape) => Reshape(x, shape);

    /// <summary>
    /// Merges dimensions <paramref name="startDim"/>..<paramref name="endDim"/> into one (PyTorch <c>torch.flatten</c>,
    /// defaults 0 and −1; <c>nn.Flatten</c> uses startDim 1).
    /// </summary>
    public static Tensor Flatten(Tensor x, int startDim = 0, int endDim = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0)
        {
            return Reshape(x, 1);
        }

        var s = ShapeMath.NormalizeDim(startDim, x.Rank, nameof(startDim));
        var e = ShapeMath.NormalizeDim(endDim, x.Rank, nameof(endDim));
        if (e < s)
        {
            throw new ArgumentException($"endDim ({endDim}) must not come before startDim ({startDim})", nameof(endDim));
        }

        var shape = new List<int>();
        for (var i = 0; i < s; i++)
        {
            shape.Add(x.Shape[i]);
        }

        shape.Add(ShapeMath.Product(x.Shape, s, e + 1));
        for (var i = e + 1; i < x.Rank; i++)
        {
            shape.Add(x.Shape[i]);
        }

        return Reshape(x, [.. shape]);
    }

    /// <summary>Swaps two dimensions (PyTorch <c>transpose</c>), as a contiguous copy.</summary>
    public static Tensor Transpose(Tensor x, int dim0, int dim1)
    {
        ArgumentNullException.ThrowIfNull(x);
        var perm = Enumerable.Range(0, x.Rank).ToArray();
        var a = ShapeMath.NormalizeDim(dim0, x.Rank, nameof(dim0));
        var b = ShapeMath.NormalizeDim(dim1, x.Rank, nameof(dim1));
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return Permute(x, perm);
    }

    /// <summary>
    /// Reorders dimensions: output dimension i is input dimension <paramref name="dims"/>[i] (PyTorch <c>permute</c>),
    /// as a contiguous copy. dX = dY permuted by the inverse.
    /// </summary>
    public static Tensor Permute(Tensor x, params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length != x.Rank)
        {
            throw new ArgumentException($"dims must list {x.Rank} dimensions, got {dims.Length}", nameof(dims));
        }

        var perm = dims.Select(d => ShapeMath.NormalizeDim(d, x.Rank, nameof(dims))).ToArray();
        if (perm.Distinct().Count() != perm.Length)
        {
            throw new ArgumentException($"dims must be a permutation of 0..{x.Rank - 1}, got [{string.Join(", ", dims)}]", nameof(dims));
        }

        var y = PermuteCopy(x, perm);
        if (!Graph.ShouldRecord(x))
        {
            return y;
        }

        var inverse = new int[perm.Length];
        for (var i = 0; i < perm.Length; i++)
        {
            inverse[perm[i]] = i;
        }

        return Graph.Record(y, "Permute", [x], dY => Graph.Accumulate(x, PermuteCopy(dY, inverse), owned: true));
    }

    /// <summary>Joins tensors along <paramref name="dim"/>; all other sizes must agree (PyTorch <c>torch.cat</c>).</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("tensors must hold at least one tensor", nameof(tensors));
        }

        var first = tensors[0];
        var d = ShapeMath.NormalizeDim(dim, first.Rank, nameof(dim));
        var shape = first.ShapeArray();
        shape[d] = 0;
        foreach (var t in tensors)
        {
            if (t.Rank != first.Rank)
            {
                throw new ArgumentException($"Concat: all tensors need rank {first.Rank}, got shape {ShapeMath.Format(t.Shape)}", nameof(tensors));
            }

            for (var i = 0; i < t.Rank; i++)
            {
                if (i != d && t.Shape[i] != first.Shape[i])
                {
                    throw new ArgumentException($"Concat along {d}: shapes {ShapeMath.Format(first.Shape)} and {ShapeMath.Format(t.Shape)} differ in dimension {i}", nameof(tensors));
                }
            }

            shape[d] += t.Shape[d];
        }

        var outer = ShapeMath.Product(shape, 0, d);
        var inner = ShapeMath.Product(shape, d + 1, shape.Length);
        var y = new Tensor(StoragePool.Rent(ShapeMath.Count(shape)), shape);
        var rowOut = shape[d] * inner;
        var offset = 0;
        foreach (var t in tensors)
        {
            var block = t.Shape[d] * inner;
            for (var o = 0; o < outer; o++)
            {
                t.Data.Slice(o * block, block).CopyTo(y.Data.Slice((o * rowOut) + offset, block));
            }

            offset += block;
        }

        if (!Graph.ShouldRecord(tensors))
        {
            return y;
        }

        var inputs = tensors.ToArray();
        return Graph.Record(y, "Concat", inputs, dY =>
        {
            var off = 0;
            foreach (var t in inputs)
            {
                var block = t.Shape[d] * inner;
                if (t.RequiresGrad)
                {
                    var dX = Like(t);
                    for (var o = 0; o < outer; o++)
                    {
                        dY.Data.Slice((o * rowOut) + off, block).CopyTo(dX.Data.Slice(o * block, block));
                    }

                    Graph.Accumulate(t, dX, owned: true);
                }

                off += block;
            }
        });
    }

    /// <summary>
    /// Picks values along <paramref name="dim"/>: out[…, i, …] = x[…, index[…, i, …], …] (PyTorch <c>torch.gather</c>).
    /// <paramref name="index"/> holds integral values and has x's rank; its sizes may be smaller than x's except along
    /// <paramref name="dim"/>, where it may be any size. dX is the scatter-add of dY.
    /// </summary>
    public static Tensor Gather(Tensor x, int dim, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(index);
        var d = ShapeMath.NormalizeDim(dim, x.Rank, nameof(dim));
        if (index.Rank != x.Rank)
        {
            throw new ArgumentException($"index must have rank {x.Rank}, got shape {ShapeMath.Format(index.Shape)}", nameof(index));
        }

        for (var i = 0; i < x.Rank; i++)
        {
            if (i != d && index.Shape[i] > x.Shape[i])
            {
                throw new ArgumentException($"index size {index.Shape[i]} exceeds input size {x.Shape[i]} in dimension {i}", nameof(index));
            }
        }

        var offsets = GatherOffsets(x, d, index);
        var y = Like(index);
        var ys = y.Data;
        ReadOnlySpan<float> xs = x.Data;
        for (var i = 0; i < offsets.Length; i++)
        {
            ys[i] = xs[offsets[i]];
        }

        return Graph.ShouldRecord(x)
            ? Graph.Record(y, "Gather", [x], dY =>
            {
                var dX = new Tensor(StoragePool.Rent(x.Length, clear: true), x.ShapeArray());
                var dx = dX.Data;
                ReadOnlySpan<float> g = dY.Data;
                for (var i = 0; i < offsets.Length; i++)
                {
                    dx[offsets[i]] += g[i];
                }

                Graph.Accumulate(x, dX, owned: true);
            })
            : y;
    }

    /// <summary>Selects the given entries along <paramref name="dim"/> (PyTorch <c>torch.index_select</c>); dX is the index-add of dY.</summary>
    public static Tensor IndexSelect(Tensor x, int dim, params int[] indices)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        var d = ShapeMath.NormalizeDim(dim, x.Rank, nameof(dim));
        var size = x.Shape[d];
        foreach (var i in indices)
        {
            if ((uint)i >= (uint)size)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"indices must be in [0, {size}) for dimension {d}, got {i}");
            }
        }

        var outer = ShapeMath.Product(x.Shape, 0, d);
        var inner = ShapeMath.Product(x.Shape, d + 1, x.Rank);
        var shape = x.ShapeArray();
        shape[d] = indices.Length;
        var y = new Tensor(StoragePool.Rent(ShapeMath.Count(shape)), shape);
        var picked = (int[])indices.Clone();
        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < picked.Length; j++)
            {
                x.Data.Slice(((o * size) + picked[j]) * inner, inner).CopyTo(y.Data.Slice(((o * picked.Length) + j) * inner, inner));
            }
        }

        return Graph.ShouldRecord(x)
            ? Graph.Record(y, "IndexSelect", [x], dY =>
            {
                var dX = new Tensor(StoragePool.Rent(x.Length, clear: true), x.ShapeArray());
                for (var o = 0; o < outer; o++)
                {
                    for (var j = 0; j < picked.Length; j++)
                    {
                        var dst = dX.Data.Slice(((o * size) + picked[j]) * inner, inner);
                        System.Numerics.Tensors.TensorPrimitives.Add(dst, dY.Data.Slice(((o * picked.Length) + j) * inner, inner), dst);
                    }
                }

                Graph.Accumulate(x, dX, owned: true);
            })
            : y;
    }

    private static int[] GatherOffsets(Tensor x, int d, Tensor index)
    {
        var rank = x.Rank;
        var xStrides = new int[rank];
        var stride = 1;
        for (var i = rank - 1; i >= 0; i--)
        {
            xStrides[i] = stride;
            stride *= x.Shape[i];
        }

        var offsets = new int[index.Length];
        var pos = new int[rank];
        ReadOnlySpan<float> idx = index.Data;
        for (var n = 0; n < index.Length; n++)
        {
            var v = idx[n];
            var k = (int)v;
            if (k != v || k < 0 || k >= x.Shape[d])
            {
                throw new ArgumentException($"index values must be integers in [0, {x.Shape[d]}), got {v}", nameof(index));
            }

            var off = 0;
            for (var i = 0; i < rank; i++)
            {
                off += (i == d ? k : pos[i]) * xStrides[i];
            }

            offsets[n] = off;
            for (var i = rank - 1; i >= 0; i--)
            {
                if (++pos[i] < index.Shape[i])
                {
                    break;
                }

                pos[i] = 0;
            }
        }

        return offsets;
    }

    private static Tensor PermuteCopy(Tensor x, int[] perm)
    {
        var rank = x.Rank;
        var shape = new int[rank];
        var inStrides = new int[rank];
        var stride = 1;
        for (var i = rank - 1; i >= 0; i--)
        {
            inStrides[i] = stride;
            stride *= x.Shape[i];
        }

        var srcStrides = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            shape[i] = x.Shape[perm[i]];
            srcStrides[i] = inStrides[perm[i]];
        }

        var y = new Tensor(StoragePool.Rent(x.Length), shape);
        if (x.Length == 0)
        {
            return y;
        }

        var inner = rank == 0 ? 1 : shape[rank - 1];
        var innerStride = rank == 0 ? 0 : srcStrides[rank - 1];
        var outer = x.Length / inner;
        var (src, dst) = (x.Storage, y.Storage);
        Parallelism.ForRange(outer, 64, (s, e) =>
        {
            var pos = new int[rank];
            var rest = s;
            var off = 0;
            for (var i = rank - 2; i >= 0; i--)
            {
                pos[i] = rest % shape[i];
                rest /= shape[i];
                off += pos[i] * srcStrides[i];
            }

            for (var o = s; o < e; o++)
            {
                var row = dst.AsSpan(o * inner, inner);
                for (var j = 0; j < inner; j++)
                {
                    row[j] = src[off + (j * innerStride)];
                }

                for (var i = rank - 2; i >= 0; i--)
                {
                    off += srcStrides[i];
                    if (++pos[i] < shape[i])
                    {
                        break;
                    }

                    off -= srcStrides[i] * shape[i];
                    pos[i] = 0;
                }
            }
        });
        return y;
    }

    private static int[] ResolveShape(int[] shape, int count, Tensor x)
    {
        var resolved = (int[])shape.Clone();
        var infer = -1;
        long known = 1;
        for (var i = 0; i < resolved.Length; i++)
        {
            if (resolved[i] == -1 && infer < 0)
            {
                infer = i;
            }
            else if (resolved[i] < 0)
            {
                throw new ArgumentException($"shape may hold one −1 and sizes ≥ 0, got {ShapeMath.Format(shape)}", nameof(shape));
            }
            else
            {
                known *= resolved[i];
            }
        }

        if (infer >= 0)
        {
            if (known == 0 || count % known != 0)
            {
                throw new ArgumentException($"cannot reshape {ShapeMath.Format(x.Shape)} ({count} elements) to {ShapeMath.Format(shape)}", nameof(shape));
            }

            resolved[infer] = (int)(count / known);
        }
        else if (known != count)
        {
            throw new ArgumentException($"cannot reshape {ShapeMath.Format(x.Shape)} ({count} elements) to {ShapeMath.Format(shape)}", nameof(shape));
        }

        return resolved;
    }
}
