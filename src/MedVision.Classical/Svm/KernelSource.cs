using System.Numerics.Tensors;

namespace MedVision.Classical.Svm;

/// <summary>
/// Kernel rows over one training matrix. When the whole Gram matrix fits in the cache budget it is computed once,
/// in parallel, and shared read-only by every sub-problem (the final fit and the Platt folds all index into it);
/// otherwise rows are computed on demand and kept in a least-recently-used cache (libsvm's <c>Cache</c>).
/// </summary>
internal sealed class KernelSource
{
    private readonly FeatureMatrix _x;
    private readonly double[] _squaredNorms;
    private readonly KernelFunction _kernel;
    private readonly double[]? _gram;
    private readonly int _maxCachedRows;
    private readonly Dictionary<int, LinkedListNode<(int Index, double[] Row)>> _cached = [];
    private readonly LinkedList<(int Index, double[] Row)> _recency = new();
    private readonly Lock _lock = new();

    public KernelSource(FeatureMatrix x, KernelFunction kernel, long cacheBytes)
    {
        _x = x;
        _kernel = kernel;
        var n = x.Rows;
        _squaredNorms = new double[n];
        for (var i = 0; i < n; i++)
        {
            _squaredNorms[i] = TensorPrimitives.Dot<double>(x.Row(i), x.Row(i));
        }

        if ((long)n * n * sizeof(double) <= cacheBytes)
        {
            _gram = new double[(long)n * n];
            ComputeGram();
        }
        else
        {
            _maxCachedRows = (int)Math.Max(2, cacheBytes / ((long)n * sizeof(double)));
        }
    }

    public int Count => _x.Rows;

    public double Diagonal(int i) => _gram is null ? _kernel.FromDot(_squaredNorms[i], _squaredNorms[i], _squaredNorms[i]) : _gram[((long)i * Count) + i];

    /// <summary>K(x_i, x_j) for all j (length n). The array stays valid for the caller even if evicted.</summary>
    public ReadOnlySpan<double> Row(int i)
    {
        if (_gram is not null)
        {
            return _gram.AsSpan(i * Count, Count);
        }

        lock (_lock)
        {
            if (_cached.TryGetValue(i, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Row;
            }
        }

        var row = new double[Count];
        FillRow(i, row);
        lock (_lock)
        {
            if (!_cached.ContainsKey(i))
            {
                _cached[i] = _recency.AddFirst((i, row));
                while (_cached.Count > _maxCachedRows)
                {
                    var last = _recency.Last!;
                    _recency.RemoveLast();
                    _cached.Remove(last.Value.Index);
                }
            }
        }

        return row;
    }

    private void FillRow(int i, Span<double> row)
    {
        var xi = _x.Row(i);
        for (var j = 0; j < row.Length; j++)
        {
            row[j] = _kernel.FromDot(TensorPrimitives.Dot<double>(xi, _x.Row(j)), _squaredNorms[i], _squaredNorms[j]);
        }
    }

    private void ComputeGram()
    {
        var n = Count;
        var gram = _gram!;
        const int Block = 16;
        var blocks = (n + Block - 1) / Block;

        // Upper-triangle tiles of Block×Block dot products, spread over cores; tiles keep both row sets in cache.
        var tiles = new List<(int Bi, int Bj)>();
        for (var bi = 0; bi < blocks; bi++)
        {
            for (var bj = bi; bj < blocks; bj++)
            {
                tiles.Add((bi, bj));
            }
        }

        Parallel.For(0, tiles.Count, t =>
        {
            var (bi, bj) = tiles[t];
            var iEnd = Math.Min(n, (bi + 1) * Block);
            var jEnd = Math.Min(n, (bj + 1) * Block);
            for (var i = bi * Block; i < iEnd; i++)
            {
                var xi = _x.Row(i);
                for (var j = Math.Max(i, bj * Block); j < jEnd; j++)
                {
                    var k = _kernel.FromDot(TensorPrimitives.Dot<double>(xi, _x.Row(j)), _squaredNorms[i], _squaredNorms[j]);
                    gram[((long)i * n) + j] = k;
                    gram[((long)j * n) + i] = k;
                }
            }
        });
    }
}
