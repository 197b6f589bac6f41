using System.Numerics.Tensors;
using MedVision.Tensors.Autograd;
using MedVision.Tensors.Kernels;

namespace MedVision.Tensors;

/// <summary>2-D convolution as im2col + <see cref="Sgemm"/>, forward and both backward passes side by side.</summary>
public static partial class Ops
{
    /// <summary>Largest im2col buffer (floats) built at once; larger batches are processed in chunks of samples.</summary>
    private const int ColumnBudget = 1 << 20;

    /// <summary>Largest total im2col size (floats) kept from forward for the weight gradient instead of being rebuilt.</summary>
    internal static long KeptColumnBudget { get; set; } = 1 << 24;

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
        var chunk = ConvChunk(geometry, n);
        var record = Graph.ShouldRecord(x, weight, bias);

        var direct = DirectConv.Applies(geometry, groups);
        if (direct)
        {
            DirectConv.Forward(x.Storage, weight.Storage, bias?.Storage, y.Storage, geometry, outC, n);
        }

        // The weight gradient needs im2col(x) again; keep the column buffers when they are small enough.
        var keep = !direct && record && weight.RequiresGrad && (long)geometry.Channels * geometry.KernelArea * geometry.OutPlane * n <= KeptColumnBudget;
        var columns = keep ? new List<float[]>() : null;
        for (var n0 = 0; n0 < n && !direct; n0 += chunk)
        {
            var col = Conv2dForward(x.Storage, weight.Storage, bias?.Storage, y.Storage, geometry, groups, outC, n0, Math.Min(chunk, n - n0));
            if (columns is not null)
            {
                columns.Add(col);
            }
            else
            {
                StoragePool.Return(col);
            }
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

            for (var n0 = 0; n0 < n && (dX is not null || !direct); n0 += chunk)
            {
                Conv2dBackward(x.Storage, weight.Storage, dY.Storage, dX?.Storage, direct ? null : dW?.Storage, columns?[n0 / chunk], geometry, groups, outC, n0, Math.Min(chunk, n - n0));
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
        },
        columns is null ? null : () => columns.ForEach(StoragePool.Return));
    }

    /// <summary>
    /// y[n0 .. n0+count] = conv(x, W) + b for one chunk of samples.
    /// x (N, C, H, W) → col (C·kh·kw, count·P) ; per group g: Yt_g (Cout/g, count·P) = W_g (Cout/g, K) · col_g (K, count·P);
    /// Yt (Cout, count, P) → y (count, Cout, P) + b. Returns the column buffer (pooled).
    /// </summary>
    private static float[] Conv2dForward(float[] x, float[] w, float[]? b, float[] y, ConvGeometry g, int groups, int outC, int n0, int count)
    {
        var p = g.OutPlane;
        var np = count * p;
        var k = g.Channels / groups * g.KernelArea;
        var outG = outC / groups;
        var col = StoragePool.Rent(g.Channels * g.KernelArea * np);
        g.Im2Col(x, n0, count, col);
        if (count == 1)
        {
            // One sample: (Cout, P) is already y's layout, so the product goes straight into y.
            var ys = y.AsSpan(n0 * outC * p, outC * p);
            for (var gi = 0; gi < groups; gi++)
            {
                Sgemm.Multiply(false, false, outG, np, k, 1f, w.AsSpan(gi * outG * k, outG * k), k, col.AsSpan(gi * k * np, k * np), np, 0f, ys.Slice(gi * outG * np, outG * np), np);
            }

            if (b is not null)
            {
                Parallelism.ForRange(outC, 4, (s, e) =>
                {
                    for (var co = s; co < e; co++)
                    {
                        var plane = y.AsSpan(((n0 * outC) + co) * p, p);
                        TensorPrimitives.Add(plane, b[co], plane);
                    }
                });
            }

            return col;
        }

        var yt = StoragePool.Rent(outC * np);
        for (var gi = 0; gi < groups; gi++)
        {
            Sgemm.Multiply(false, false, outG, np, k, 1f, w.AsSpan(gi * outG * k, outG * k), k, col.AsSpan(gi * k * np, k * np), np, 0f, yt.AsSpan(gi * outG * np, outG * np), np);
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
        return col;
    }

    /// <summary>
    /// Backward for one chunk: dYt (Cout, count·P) ← dY; dW_g += dYt_g · col_gᵀ (accumulated over chunks in order);
    /// dcol_g (K, count·P) = W_gᵀ · dYt_g; dX = col2im(dcol). <paramref name="keptColumns"/> is the forward im2col of this
    /// chunk when it was kept (it is not modified).
    /// </summary>
    private static void Conv2dBackward(float[] x, float[] w, float[] dY, float[]? dX, float[]? dW, float[]? keptColumns, ConvGeometry g, int groups, int outC, int n0, int count)
    {
        var p = g.OutPlane;
        var np = count * p;
        var k = g.Channels / groups * g.KernelArea;
        var outG = outC / groups;
        // One sample: dY's (Cout, P) slice is already the layout the products need.
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

        ReadOnlySpan<float> dys = dyt is null ? dY.AsSpan(n0 * outC * p, outC * p) : dyt.AsSpan(0, outC * np);
        var col = dX is not null || keptColumns is null ? StoragePool.Rent(g.Channels * g.KernelArea * np) : null;
        if (dW is not null)
        {
            var source = keptColumns ?? col!;
            if (keptColumns is null)
            {
                g.Im2Col(x, n0, count, source);
            }

            for (var gi = 0; gi < groups; gi++)
            {
                Sgemm.Multiply(false, true, outG, k, np, 1f, dys.Slice(gi * outG * np, outG * np), np, source.AsSpan(gi * k * np, k * np), np, n0 == 0 ? 0f : 1f, dW.AsSpan(gi * outG * k, outG * k), k);
            }
        }

        if (dX is not null)
        {
            for (var gi = 0; gi < groups; gi++)
            {
                Sgemm.Multiply(true, false, k, np, outG, 1f, w.AsSpan(gi * outG * k, outG * k), k, dys.Slice(gi * outG * np, outG * np), np, 0f, col!.AsSpan(gi * k * np, k * np), np);
            }

            g.Col2Im(col!, n0, count, dX);
        }

        if (col is not null)
        {
            StoragePool.Return(col);
        }

        if (dyt is not null)
        {
            StoragePool.Return(dyt);
        }
    }

    private static int ConvChunk(ConvGeometry g, int n)
    {
        var perSample = (long)g.Channels * g.KernelArea * g.OutPlane;
        return (int)Math.Clamp(ColumnBudget / Math.Max(perSample, 1), 1, Math.Max(n, 1));
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
