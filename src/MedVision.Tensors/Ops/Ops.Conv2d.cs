using System.Numerics.Tensors;
using MedVision.Tensors.Autograd;
using MedVision.Tensors.Kernels;

namespace MedVision.Tensors;

/// <summary>2-D convolution as im2col + <see cref="Sgemm"/>, forward and both backward passes side by side.</summary>
public static partial class Ops
{
    [ThreadStatic]
    private static int _columnBudget;

    [ThreadStatic]
    private static int _bandBudget;

    [ThreadStatic]
    private static int _minBandColumns;

    /// <summary>
    /// Largest im2col buffer (floats) built at once (default 2²⁰); larger batches are processed in chunks of samples.
    /// Setting it changes the calling thread's convolutions only (0 restores the default).
    /// </summary>
    internal static int ColumnBudget
    {
        get => _columnBudget > 0 ? _columnBudget : 1 << 20;
        set => _columnBudget = value;
    }

    /// <summary>
    /// Im2col buffer (floats) for one band of output rows (default 2¹⁸) when a single sample's columns exceed
    /// <see cref="ColumnBudget"/>: the sample is then processed band by band, so columns and their products stay in
    /// cache. Setting it changes the calling thread's convolutions only (0 restores the default).
    /// </summary>
    internal static int BandBudget
    {
        get => _bandBudget > 0 ? _bandBudget : 1 << 18;
        set => _bandBudget = value;
    }

    /// <summary>
    /// 2-D cross-correlation (PyTorch <c>F.conv2d</c>) with square stride/padding/dilation: x (N, C, H, W),
    /// weight (Cout, C/groups, kh, kw), bias (Cout) or null → (N, Cout, H', W') with
    /// H' = ⌊(H + 2p − d·(kh − 1) − 1)/s⌋ + 1.
    /// </summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1) =>
        Conv2d(x, weight, bias, new Conv2dOptions { Stride = (stride, stride), Padding = (padding, padding), Dilation = (dilation, dilation), Groups = groups });

    /// <summary>2-D convolution with per-axis settings; see <see cref="Conv2dOptions"/>.</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, Conv2dOptions options)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(options);
        var (geometry, groups, outC) = ConvCheck(x, weight, bias, options);
        var n = x.Shape[0];
        var y = new Tensor(StoragePool.Rent(n * outC * geometry.OutPlane), [n, outC, geometry.OutH, geometry.OutW]);
        var units = ConvUnits(geometry, n);
        var record = Graph.ShouldRecord(x, weight, bias);

        var direct = DirectConv.Applies(geometry, groups);
        if (direct)
        {
            DirectConv.Forward(x.Storage, weight.Storage, bias?.Storage, y.Storage, geometry, outC, n);
        }

        // The weight gradient rebuilds im2col(x) unit by unit rather than keeping every unit's columns (as PyTorch's
        // kernels keep none): a few per cent of the time against up to a third more peak memory.
        if (!direct)
        {
            // Many small units (row bands, single samples) run side by side, each product on one thread; a few large
            // ones run in order, each product on all threads. Every output value is computed the same way either way.
            // The weights are packed once for every unit's product.
            var forward = ForwardUnits(geometry, n, units);
            var packedW = PackWeights(weight.Storage, geometry, groups, outC, forward, transpose: false);
            RunUnits(forward.Length, SideBySide(forward.Length) ? Parallelism.Threads : 1, u =>
                Conv2dForward(x.Storage, weight.Storage, packedW, bias?.Storage, y.Storage, geometry, groups, outC, forward[u]));
            ReturnPacked(packedW);
        }

        if (!record)
        {
            return y;
        }

        return Graph.Record(y, "Conv2d", [x, weight, bias], dY =>
        {
            var dX = x.RequiresGrad ? Like(x) : null;
            var dW = weight.RequiresGrad ? Like(weight) : null;
            if (direct && dW is not null)
            {
                DirectConv.WeightGradient(x.Storage, dY.Storage, dW.Storage, geometry, outC, n);
            }

            if (dX is not null || !direct)
            {
                // The weight's length, not its pooled array's (which may be longer): the cut into runs depends on it.
                var gradW = direct ? null : dW?.Storage;
                var weightLength = gradW is null ? 0 : weight.Length;
                var parts = Partitions(units, weightLength);
                var partials = new float[]?[parts.Length];
                var packedWt = dX is null ? null : PackWeights(weight.Storage, geometry, groups, outC, units, transpose: true);
                RunUnits(parts.Length, Parallelism.Threads, q =>
                {
                    // Partition q sums its units' weight gradients in order into its own buffer (the first into dW).
                    var target = gradW is null ? null : q == 0 ? gradW : partials[q] = StoragePool.Rent(weightLength);
                    for (var u = parts[q].Start; u < parts[q].End; u++)
                    {
                        Conv2dBackward(x.Storage, weight.Storage, packedWt, dY.Storage, dX?.Storage, target, geometry, groups, outC, units[u], u == parts[q].Start);
                    }
                });
                ReturnPacked(packedWt);
                for (var q = 1; q < parts.Length && gradW is not null; q++)
                {
                    var sum = gradW.AsSpan(0, weightLength);
                    TensorPrimitives.Add(sum, partials[q].AsSpan(0, weightLength), sum);
                    StoragePool.Return(partials[q]!);
                }
            }

            if (dX is not null)
            {
                Graph.Accumulate(x, dX, owned: true);
            }

            if (dW is not null)
            {
                Graph.Accumulate(weight, dW, owned: true);
            }

            if (bias is { RequiresGrad: true })
            {
                // db (Cout) = Σ over n, h', w' of dY
                var dB = new Tensor(StoragePool.Rent(outC), [outC]);
                var p = geometry.OutPlane;
                for (var co = 0; co < outC; co++)
                {
                    var s = 0.0;
                    for (var i = 0; i < n; i++)
                    {
                        s += TensorPrimitives.Sum(dY.Data.Slice(((i * outC) + co) * p, p));
                    }

                    dB.Data[co] = (float)s;
                }

                Graph.Accumulate(bias, dB, owned: true);
            }
        });
    }

    /// <summary>
    /// A piece of a convolution's work: samples [N0, N0 + Count) over output rows [Oh0, Oh1). A piece is either whole
    /// samples (all rows) or one band of rows of one sample.
    /// </summary>
    internal readonly record struct ConvUnit(int N0, int Count, int Oh0, int Oh1)
    {
        public int Columns(ConvGeometry g) => Count * (Oh1 - Oh0) * g.OutW;
    }

    /// <summary>Largest total size (floats) of the weight-gradient partial sums of one convolution's backward pass.</summary>
    private const int PartialBudget = 1 << 22;

    /// <summary>Most partitions a convolution's backward pass is cut into.</summary>
    private const int MaxPartitions = 8;

    /// <summary>
    /// Whether a forward pass of <paramref name="units"/> units runs them side by side, one thread each: when there are
    /// many, or when they share out evenly (4 units of layer 4 on 2 threads), so that no thread waits for another.
    /// </summary>
    private static bool SideBySide(int units)
    {
        var threads = Parallelism.Threads;
        return threads > 1 && (units >= 4 * threads || (units >= threads && units % threads == 0));
    }

    /// <summary>
    /// Runs <paramref name="body"/>(i) for i in [0, <paramref name="count"/>) on <paramref name="threads"/> threads, the
    /// kernels inside each call sharing the threads out (a single thread each when there are enough calls).
    /// </summary>
    private static void RunUnits(int count, int threads, Action<int> body)
    {
        if (threads <= 1 || count <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        var inner = Math.Max(1, Parallelism.Threads / Math.Min(threads, count));
        using (Parallelism.Scope(threads))
        {
            Parallelism.For(count, i =>
            {
                using (Parallelism.Scope(inner))
                {
                    body(i);
                }
            });
        }
    }

    /// <summary>
    /// Contiguous runs of units for the backward pass, a sample's bands always in one run, so that runs write disjoint
    /// samples of dX. There are up to <see cref="MaxPartitions"/> runs as far as their weight-gradient partial sums fit
    /// <see cref="PartialBudget"/> (else one), as many as divide the sample starts evenly (<see cref="EvenRuns"/>). The
    /// cut depends only on the shapes, never on the thread count, so the sums (partials added in run order) give the
    /// same bits for any thread count.
    /// </summary>
    internal static (int Start, int End)[] Partitions(ConvUnit[] units, int weightLength)
    {
        // Unit boundaries where a new sample starts.
        var starts = new List<int>();
        for (var u = 0; u < units.Length; u++)
        {
            if (u == 0 || units[u].N0 != units[u - 1].N0)
            {
                starts.Add(u);
            }
        }

        var limit = Math.Min(starts.Count, weightLength == 0 ? MaxPartitions : Math.Min(MaxPartitions, Math.Max(1, PartialBudget / weightLength)));
        var runs = EvenRuns(starts.Count, limit);
        var result = new (int Start, int End)[runs];
        for (var r = 0; r < runs; r++)
        {
            var s0 = starts[(int)((long)starts.Count * r / runs)];
            var s1 = r + 1 == runs ? units.Length : starts[(int)((long)starts.Count * (r + 1) / runs)];
            result[r] = (s0, s1);
        }

        return result;
    }

    /// <summary>
    /// How many runs <paramref name="samples"/> samples are cut into, at most <paramref name="limit"/>: the largest count
    /// of at least 2 that divides the samples evenly (8 samples, a limit of 7: 4 runs of 2, which share out over 2 or 4
    /// threads with none waiting, where 7 runs would leave one thread a run behind), else the limit.
    /// </summary>
    internal static int EvenRuns(int samples, int limit)
    {
        for (var r = limit; r >= 2; r--)
        {
            if (samples % r == 0)
            {
                return r;
            }
        }

        return limit;
    }

    /// <summary>
    /// Chunks of whole samples whose columns fit <see cref="ColumnBudget"/>, or, where one sample's do not, bands of
    /// output rows whose columns fit <see cref="BandBudget"/>, in sample-then-row order.
    /// </summary>
    internal static ConvUnit[] ConvUnits(ConvGeometry g, int n)
    {
        var rowColumns = (long)g.Channels * g.KernelArea * g.OutW;
        var perSample = rowColumns * g.OutH;
        var units = new List<ConvUnit>();
        if (perSample <= ColumnBudget || g.OutH == 1)
        {
            // As few chunks as fit, of near-equal sizes (16 samples of which 9 fit: 8 and 8, not 9 and 7), so that
            // chunks run side by side finish together.
            var most = (int)Math.Clamp(ColumnBudget / Math.Max(perSample, 1), 1, Math.Max(n, 1));
            var chunks = (n + most - 1) / most;
            for (var c = 0; c < chunks; c++)
            {
                var (n0, n1) = ((int)((long)n * c / chunks), (int)((long)n * (c + 1) / chunks));
                units.Add(new ConvUnit(n0, n1 - n0, 0, g.OutH));
            }

            return [.. units];
        }

        var rows = (int)Math.Clamp(BandBudget / Math.Max(rowColumns, 1), 1, g.OutH);
        return Bands(g, n, (g.OutH + rows - 1) / rows);
    }

    /// <summary>Each of the <paramref name="n"/> samples' output rows as <paramref name="bands"/> bands of near-equal height, in sample-then-row order.</summary>
    private static ConvUnit[] Bands(ConvGeometry g, int n, int bands)
    {
        var units = new ConvUnit[n * bands];
        for (var i = 0; i < n; i++)
        {
            for (var b = 0; b < bands; b++)
            {
                units[(i * bands) + b] = new ConvUnit(i, 1, (int)((long)g.OutH * b / bands), (int)((long)g.OutH * (b + 1) / bands));
            }
        }

        return units;
    }

    /// <summary>
    /// Fewest columns (default 96) a band of <see cref="ForwardUnits"/> may have: narrower products run better split
    /// inside. Setting it changes the calling thread's convolutions only (0 restores the default).
    /// </summary>
    internal static int MinBandColumns
    {
        get => _minBandColumns > 0 ? _minBandColumns : 96;
        set => _minBandColumns = value;
    }

    /// <summary>
    /// The forward pass's units: <paramref name="units"/>, unless they are single samples (or bands of them) too few to
    /// run side by side, as with one image: then each sample's rows are cut into the fewest near-equal bands of at least
    /// <see cref="MinBandColumns"/> columns whose count the threads divide, so that every thread builds and multiplies
    /// its own bands instead of all threads sharing each product. A band's outputs are the same bits as the whole
    /// sample's; the backward pass keeps <paramref name="units"/>, whose cut depends on the shapes only.
    /// </summary>
    internal static ConvUnit[] ForwardUnits(ConvGeometry g, int n, ConvUnit[] units)
    {
        var threads = Parallelism.Threads;
        if (threads <= 1 || n < 1 || SideBySide(units.Length) || units.Any(u => u.Count != 1) || units.Length % n != 0)
        {
            return units;
        }

        for (var bands = units.Length / n; bands <= g.OutH && (g.OutH / bands) * g.OutW >= MinBandColumns; bands++)
        {
            if (n * bands % threads == 0)
            {
                return Bands(g, n, bands);
            }
        }

        return units;
    }

    /// <summary>
    /// Each group's weights W_g (Cout/g, K), or with <paramref name="transpose"/> W_gᵀ (K, Cout/g), packed for
    /// <see cref="Sgemm.Multiply(Sgemm.PackedA, bool, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>;
    /// null where some unit's product is too narrow for a packed A (a few columns: it runs transposed).
    /// </summary>
    private static Sgemm.PackedA[]? PackWeights(float[] w, ConvGeometry g, int groups, int outC, ConvUnit[] units, bool transpose)
    {
        var k = g.Channels / groups * g.KernelArea;
        var outG = outC / groups;
        if (units.Any(u => Sgemm.IsNarrow(transpose ? k : outG, u.Columns(g))))
        {
            return null;
        }

        var packed = new Sgemm.PackedA[groups];
        for (var gi = 0; gi < groups; gi++)
        {
            var wg = w.AsSpan(gi * outG * k, outG * k);
            packed[gi] = transpose ? Sgemm.Pack(true, k, outG, 1f, wg, k) : Sgemm.Pack(false, outG, k, 1f, wg, k);
        }

        return packed;
    }

    private static void ReturnPacked(Sgemm.PackedA[]? packed)
    {
        foreach (var p in packed ?? [])
        {
            p.Dispose();
        }
    }

    /// <summary>
    /// C (rows of op(W_g), n) = op(W_g) · B for group <paramref name="gi"/>: W_g (Cout/g, K), transposed for dcol, from
    /// its packed strips where there are some.
    /// </summary>
    private static void MultiplyWeights(float[] w, Sgemm.PackedA[]? packed, int gi, int outG, int k, bool transpose, int n, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        if (packed is not null)
        {
            Sgemm.Multiply(packed[gi], false, n, b, ldb, 0f, c, ldc);
        }
        else if (transpose)
        {
            Sgemm.Multiply(true, false, k, n, outG, 1f, w.AsSpan(gi * outG * k, outG * k), k, b, ldb, 0f, c, ldc);
        }
        else
        {
            Sgemm.Multiply(false, false, outG, n, k, 1f, w.AsSpan(gi * outG * k, outG * k), k, b, ldb, 0f, c, ldc);
        }
    }

    /// <summary>
    /// y for one unit = conv(x, W) + b. x (N, C, H, W) → col (C·kh·kw, count·band); per group g:
    /// Yt_g (Cout/g, count·band) = W_g (Cout/g, K) · col_g (K, count·band); Yt (Cout, count, P) → y (count, Cout, P) + b.
    /// With one sample the product goes straight into y's rows.
    /// </summary>
    private static void Conv2dForward(float[] x, float[] w, Sgemm.PackedA[]? packed, float[]? b, float[] y, ConvGeometry g, int groups, int outC, ConvUnit unit)
    {
        var (n0, count) = (unit.N0, unit.Count);
        var p = g.OutPlane;
        var np = unit.Columns(g);
        var k = g.Channels / groups * g.KernelArea;
        var outG = outC / groups;
        var col = StoragePool.Rent(g.Channels * g.KernelArea * np);
        g.Im2Col(x, n0, count, unit.Oh0, unit.Oh1, col);
        if (count == 1)
        {
            // One sample: (Cout, P) is y's layout, so the product of a band goes straight into its columns of y.
            var start = (n0 * outC * p) + (unit.Oh0 * g.OutW);
            for (var gi = 0; gi < groups; gi++)
            {
                MultiplyWeights(w, packed, gi, outG, k, false, np, col.AsSpan(gi * k * np, k * np), np, y.AsSpan(start + (gi * outG * p), ((outG - 1) * p) + np), p);
            }

            if (b is not null)
            {
                Parallelism.ForRange(outC, 4, (s, e) =>
                {
                    for (var co = s; co < e; co++)
                    {
                        var row = y.AsSpan(start + (co * p), np);
                        TensorPrimitives.Add(row, b[co], row);
                    }
                });
            }

            StoragePool.Return(col);
            return;
        }

        var yt = StoragePool.Rent(outC * np);
        for (var gi = 0; gi < groups; gi++)
        {
            MultiplyWeights(w, packed, gi, outG, k, false, np, col.AsSpan(gi * k * np, k * np), np, yt.AsSpan(gi * outG * np, outG * np), np);
        }

        Parallelism.ForRange(count * outC, 4, (s, e) =>
        {
            for (var t = s; t < e; t++)
            {
                var i = t / outC;
                var co = t % outC;
                var dst = y.AsSpan((((n0 + i) * outC) + co) * p, p);
                var src = yt.AsSpan((co * np) + (i * p), p);
                if (b is null)
                {
                    src.CopyTo(dst);
                }
                else
                {
                    TensorPrimitives.Add(src, b[co], dst);
                }
            }
        });
        StoragePool.Return(yt);
        StoragePool.Return(col);
    }

    /// <summary>
    /// Backward for one unit: dYt (Cout, count·band) ← dY; dW_g += dYt_g · col_gᵀ (overwritten by the first unit, then
    /// accumulated in order); dcol_g (K, count·band) = W_gᵀ · dYt_g; dX = col2im(dcol), a sample's bands in order.
    /// </summary>
    private static void Conv2dBackward(float[] x, float[] w, Sgemm.PackedA[]? wt, float[] dY, float[]? dX, float[]? dW, ConvGeometry g, int groups, int outC, ConvUnit unit, bool first)
    {
        var (n0, count) = (unit.N0, unit.Count);
        var p = g.OutPlane;
        var np = unit.Columns(g);
        var k = g.Channels / groups * g.KernelArea;
        var outG = outC / groups;
        // One sample: dY's rows are already the layout the products need (row stride P); several: gather them.
        var dyt = count == 1 ? null : StoragePool.Rent(outC * np);
        if (dyt is not null)
        {
            Parallelism.ForRange(count * outC, 4, (s, e) =>
            {
                for (var t = s; t < e; t++)
                {
                    var i = t / outC;
                    var co = t % outC;
                    dY.AsSpan((((n0 + i) * outC) + co) * p, p).CopyTo(dyt.AsSpan((co * np) + (i * p), p));
                }
            });
        }

        var ld = dyt is null ? p : np;
        ReadOnlySpan<float> dys = dyt is null ? dY.AsSpan((n0 * outC * p) + (unit.Oh0 * g.OutW), ((outC - 1) * p) + np) : dyt.AsSpan(0, outC * np);
        var rows = ((outG - 1) * ld) + np;
        var col = StoragePool.Rent(g.Channels * g.KernelArea * np);
        if (dW is not null)
        {
            g.Im2Col(x, n0, count, unit.Oh0, unit.Oh1, col);
            for (var gi = 0; gi < groups; gi++)
            {
                Sgemm.Multiply(false, true, outG, k, np, 1f, dys.Slice(gi * outG * ld, rows), ld, col.AsSpan(gi * k * np, k * np), np, first ? 0f : 1f, dW.AsSpan(gi * outG * k, outG * k), k);
            }
        }

        if (dX is not null)
        {
            for (var gi = 0; gi < groups; gi++)
            {
                MultiplyWeights(w, wt, gi, outG, k, true, np, dys.Slice(gi * outG * ld, rows), ld, col.AsSpan(gi * k * np, k * np), np);
            }

            g.Col2Im(col, n0, count, unit.Oh0, unit.Oh1, dX);
        }

        StoragePool.Return(col);
        if (dyt is not null)
        {
            StoragePool.Return(dyt);
        }
    }

    private static (ConvGeometry Geometry, int Groups, int OutC) ConvCheck(Tensor x, Tensor weight, Tensor? bias, Conv2dOptions o)
    {
        if (x.Rank != 4)
        {
            throw new ArgumentException($"Conv2d input must be (N, C, H, W), got {ShapeMath.Format(x.Shape)}", nameof(x));
        }

        if (weight.Rank != 4)
        {
            throw new ArgumentException($"Conv2d weight must be (Cout, C/groups, kh, kw), got {ShapeMath.Format(weight.Shape)}", nameof(weight));
        }

        if (o.Groups < 1 || x.Shape[1] % o.Groups != 0 || weight.Shape[0] % o.Groups != 0)
        {
            throw new ArgumentException($"Conv2d groups ({o.Groups}) must divide input channels ({x.Shape[1]}) and output channels ({weight.Shape[0]})", nameof(o));
        }

        if (weight.Shape[1] * o.Groups != x.Shape[1])
        {
            throw new ArgumentException($"Conv2d weight {ShapeMath.Format(weight.Shape)} expects {weight.Shape[1] * o.Groups} input channels, input has {x.Shape[1]}", nameof(weight));
        }

        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0]))
        {
            throw new ArgumentException($"Conv2d bias must have shape ({weight.Shape[0]}), got {ShapeMath.Format(bias.Shape)}", nameof(bias));
        }

        if (o.Stride.H < 1 || o.Stride.W < 1 || o.Dilation.H < 1 || o.Dilation.W < 1 || o.Padding.H < 0 || o.Padding.W < 0)
        {
            throw new ArgumentException($"Conv2d needs stride ≥ 1, dilation ≥ 1, padding ≥ 0; got stride {o.Stride}, dilation {o.Dilation}, padding {o.Padding}", nameof(o));
        }

        int h = x.Shape[2], w = x.Shape[3], kh = weight.Shape[2], kw = weight.Shape[3];
        var outH = ((h + (2 * o.Padding.H) - (o.Dilation.H * (kh - 1)) - 1) / o.Stride.H) + 1;
        var outW = ((w + (2 * o.Padding.W) - (o.Dilation.W * (kw - 1)) - 1) / o.Stride.W) + 1;
        if (h + (2 * o.Padding.H) - (o.Dilation.H * (kh - 1)) - 1 < 0 || w + (2 * o.Padding.W) - (o.Dilation.W * (kw - 1)) - 1 < 0)
        {
            throw new ArgumentException($"Conv2d kernel {kh}×{kw} (dilation {o.Dilation}) is larger than the padded input {h}×{w} (padding {o.Padding})", nameof(x));
        }

        var geometry = new ConvGeometry(x.Shape[1], h, w, kh, kw, o.Stride.H, o.Stride.W, o.Padding.H, o.Padding.W, o.Dilation.H, o.Dilation.W, outH, outW);
        return (geometry, o.Groups, weight.Shape[0]);
    }
}
