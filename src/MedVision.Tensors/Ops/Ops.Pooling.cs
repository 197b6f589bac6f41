using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MedVision.Tensors.Autograd;

namespace MedVision.Tensors;

/// <summary>Max, average and adaptive average pooling over (N, C, H, W), forward and backward side by side.</summary>
public static partial class Ops
{
    /// <summary>Max pooling with a square window (PyTorch <c>F.max_pool2d</c>); stride defaults to the kernel size.</summary>
    public static Tensor MaxPool2d(Tensor x, int kernel, int? stride = null, int padding = 0, bool ceilMode = false) =>
        MaxPool2d(x, new Pool2dOptions { Kernel = (kernel, kernel), Stride = stride is { } s ? (s, s) : null, Padding = (padding, padding), CeilMode = ceilMode });

    /// <summary>
    /// Max pooling (PyTorch <c>F.max_pool2d</c>): each output is the largest input in its window (padding never
    /// wins; NaN propagates; the first maximum in row-major window order takes the gradient). dX[argmax] += dY.
    /// </summary>
    public static Tensor MaxPool2d(Tensor x, Pool2dOptions options)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(options);
        var g = PoolCheck(x, options, "MaxPool2d");
        var planes = x.Shape[0] * x.Shape[1];
        var y = new Tensor(StoragePool.Rent(planes * g.OutPlane), [x.Shape[0], x.Shape[1], g.OutH, g.OutW]);
        var (xs, ys) = (x.Storage, y.Storage);
        var record = Graph.ShouldRecord(x);

        // 2×2 windows with stride 2 tile the plane (floor mode; ceil mode on an odd size adds partial windows).
        if (g is { KernelH: 2, KernelW: 2, StrideH: 2, StrideW: 2, PadH: 0, PadW: 0, DilationH: 1, DilationW: 1 }
            && g.OutH == g.Height / 2 && g.OutW == g.Width / 2)
        {
            var codes = System.Buffers.ArrayPool<byte>.Shared.Rent(planes * g.OutPlane);
            Parallelism.ForRange(planes, 1, (s, e) =>
            {
                for (var plane = s; plane < e; plane++)
                {
                    Kernels.MaxPool2x2.Forward(xs.AsSpan(plane * g.Plane, g.Plane), g.Height, g.Width, ys.AsSpan(plane * g.OutPlane, g.OutPlane), codes.AsSpan(plane * g.OutPlane, g.OutPlane));
                }
            });
            if (!record)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(codes);
                return y;
            }

            return Graph.Record(y, "MaxPool2d", [x], dY =>
                {
                    var dX = new Tensor(StoragePool.Rent(x.Length), x.ShapeArray());
                    var (gs, ds) = (dY.Storage, dX.Storage);
                    Parallelism.ForRange(planes, 1, (s, e) =>
                    {
                        for (var plane = s; plane < e; plane++)
                        {
                            Kernels.MaxPool2x2.Backward(gs.AsSpan(plane * g.OutPlane, g.OutPlane), codes.AsSpan(plane * g.OutPlane, g.OutPlane), g.Height, g.Width, ds.AsSpan(plane * g.Plane, g.Plane));
                        }
                    });
                    Graph.Accumulate(x, dX, owned: true);
                },
                () => System.Buffers.ArrayPool<byte>.Shared.Return(codes));
        }

        if (!record && Stride2Vector(g))
        {
            // Stride-2 windows go faster through the vector path than through the value-only loop below (36 → 26 ms
            // for resnet's stem pool at batch 16); the arg-max goes to a plane's scratch.
            Parallelism.ForRange(planes, 1, (s, e) =>
            {
                var scratch = System.Buffers.ArrayPool<int>.Shared.Rent(g.OutPlane);
                for (var plane = s; plane < e; plane++)
                {
                    MaxPoolForward(xs.AsSpan(plane * g.Plane, g.Plane), ys.AsSpan(plane * g.OutPlane, g.OutPlane), scratch.AsSpan(0, g.OutPlane), g);
                }

                System.Buffers.ArrayPool<int>.Shared.Return(scratch);
            });
            return y;
        }

        if (!record && g.DilationW == 1)
        {
            // Inference needs no arg-max: a column maximum over the window's rows, then a short row scan.
            Parallelism.ForRange(planes, 1, (s, e) =>
            {
                var columns = new float[g.Width];
                for (var plane = s; plane < e; plane++)
                {
                    MaxPoolValues(xs.AsSpan(plane * g.Plane, g.Plane), ys.AsSpan(plane * g.OutPlane, g.OutPlane), columns, g);
                }
            });
            return y;
        }

        var argmax = System.Buffers.ArrayPool<int>.Shared.Rent(planes * g.OutPlane);
        Parallelism.ForRange(planes, 1, (s, e) =>
        {
            for (var plane = s; plane < e; plane++)
            {
                MaxPoolForward(xs.AsSpan(plane * g.Plane, g.Plane), ys.AsSpan(plane * g.OutPlane, g.OutPlane), argmax.AsSpan(plane * g.OutPlane, g.OutPlane), g);
            }
        });
        if (!record)
        {
            System.Buffers.ArrayPool<int>.Shared.Return(argmax);
            return y;
        }

        return Graph.Record(y, "MaxPool2d", [x], dY =>
            {
                var dX = new Tensor(StoragePool.Rent(x.Length, clear: true), x.ShapeArray());
                var (gs, ds) = (dY.Storage, dX.Storage);
                Parallelism.ForRange(planes, 1, (s, e) =>
                {
                    for (var plane = s; plane < e; plane++)
                    {
                        // dX (H, W) += scatter of dY (H', W') to the argmax positions
                        var dst = ds.AsSpan(plane * g.Plane, g.Plane);
                        var src = gs.AsSpan(plane * g.OutPlane, g.OutPlane);
                        var idx = argmax.AsSpan(plane * g.OutPlane, g.OutPlane);
                        for (var i = 0; i < src.Length; i++)
                        {
                            if (idx[i] >= 0)
                            {
                                dst[idx[i]] += src[i];
                            }
                        }
                    }
                });
                Graph.Accumulate(x, dX, owned: true);
            },
            () => System.Buffers.ArrayPool<int>.Shared.Return(argmax));
    }

    /// <summary>Average pooling with a square window (PyTorch <c>F.avg_pool2d</c>); stride defaults to the kernel size.</summary>
    public static Tensor AvgPool2d(Tensor x, int kernel, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true) =>
        AvgPool2d(x, new Pool2dOptions { Kernel = (kernel, kernel), Stride = stride is { } s ? (s, s) : null, Padding = (padding, padding), CeilMode = ceilMode, CountIncludePad = countIncludePad });

    /// <summary>
    /// Average pooling (PyTorch <c>F.avg_pool2d</c>): the window sum divided by the window size clipped to the
    /// padded input (count_include_pad) or by the number of real pixels. dX gets dY / divisor from each window.
    /// </summary>
    public static Tensor AvgPool2d(Tensor x, Pool2dOptions options)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Dilation != (1, 1))
        {
            throw new ArgumentException($"AvgPool2d has no dilation, got {options.Dilation}", nameof(options));
        }

        var g = PoolCheck(x, options, "AvgPool2d");
        var include = options.CountIncludePad;
        var planes = x.Shape[0] * x.Shape[1];
        var y = new Tensor(StoragePool.Rent(planes * g.OutPlane), [x.Shape[0], x.Shape[1], g.OutH, g.OutW]);
        var (xs, ys) = (x.Storage, y.Storage);
        Parallelism.ForRange(planes, 1, (s, e) =>
        {
            for (var plane = s; plane < e; plane++)
            {
                AvgPool(xs.AsSpan(plane * g.Plane, g.Plane), ys.AsSpan(plane * g.OutPlane, g.OutPlane), g, include, backward: false);
            }
        });
        return Graph.ShouldRecord(x)
            ? Graph.Record(y, "AvgPool2d", [x], dY =>
            {
                var dX = new Tensor(StoragePool.Rent(x.Length, clear: true), x.ShapeArray());
                var (gs, ds) = (dY.Storage, dX.Storage);
                Parallelism.ForRange(planes, 1, (s, e) =>
                {
                    for (var plane = s; plane < e; plane++)
                    {
                        AvgPool(ds.AsSpan(plane * g.Plane, g.Plane), gs.AsSpan(plane * g.OutPlane, g.OutPlane), g, include, backward: true);
                    }
                });
                Graph.Accumulate(x, dX, owned: true);
            })
            : y;
    }

    /// <summary>
    /// Adaptive average pooling to <paramref name="outH"/>×<paramref name="outW"/> (PyTorch <c>F.adaptive_avg_pool2d</c>):
    /// output (i, j) averages rows ⌊i·H/outH⌋ … ⌈(i+1)·H/outH⌉ − 1 and likewise columns. (1, 1) is global average pooling.
    /// </summary>
    public static Tensor AdaptiveAvgPool2d(Tensor x, int outH, int outW)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4)
        {
            throw new ArgumentException($"AdaptiveAvgPool2d input must be (N, C, H, W), got {ShapeMath.Format(x.Shape)}", nameof(x));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(outH, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outW, 1);
        int h = x.Shape[2], w = x.Shape[3];
        var planes = x.Shape[0] * x.Shape[1];
        var y = new Tensor(StoragePool.Rent(planes * outH * outW), [x.Shape[0], x.Shape[1], outH, outW]);
        var (xs, ys) = (x.Storage, y.Storage);
        Parallelism.ForRange(planes, 1, (s, e) =>
        {
            for (var plane = s; plane < e; plane++)
            {
                AdaptiveAvg(xs.AsSpan(plane * h * w, h * w), ys.AsSpan(plane * outH * outW, outH * outW), h, w, outH, outW, backward: false);
            }
        });
        return Graph.ShouldRecord(x)
            ? Graph.Record(y, "AdaptiveAvgPool2d", [x], dY =>
            {
                var dX = new Tensor(StoragePool.Rent(x.Length, clear: true), x.ShapeArray());
                var (gs, ds) = (dY.Storage, dX.Storage);
                Parallelism.ForRange(planes, 1, (s, e) =>
                {
                    for (var plane = s; plane < e; plane++)
                    {
                        AdaptiveAvg(ds.AsSpan(plane * h * w, h * w), gs.AsSpan(plane * outH * outW, outH * outW), h, w, outH, outW, backward: true);
                    }
                });
                Graph.Accumulate(x, dX, owned: true);
            })
            : y;
    }

    /// <summary>y (H', W') = window maxima of x (H, W); argmax holds the flat input index of each (−1 if the window is all padding).</summary>
    /// <summary>y (H', W') = window maxima of x (H, W) with NaN propagating, no arg-max (no dilation along W).</summary>
    private static void MaxPoolValues(ReadOnlySpan<float> x, Span<float> y, Span<float> columns, Kernels.ConvGeometry g)
    {
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var first = true;
            for (var ki = 0; ki < g.KernelH; ki++)
            {
                var ih = (oh * g.StrideH) - g.PadH + (ki * g.DilationH);
                if ((uint)ih >= (uint)g.Height)
                {
                    continue;
                }

                var row = x.Slice(ih * g.Width, g.Width);
                if (first)
                {
                    row.CopyTo(columns);
                    first = false;
                    continue;
                }

                var i = 0;
                for (; i <= g.Width - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    var a = Vector512.Create(row.Slice(i, Vector512<float>.Count));
                    var b = Vector512.Create(columns.Slice(i, Vector512<float>.Count));
                    Vector512.ConditionalSelect(Vector512.GreaterThan(a, b) | ~Vector512.Equals(a, a), a, b).CopyTo(columns.Slice(i, Vector512<float>.Count));
                }

                for (; i < g.Width; i++)
                {
                    if (row[i] > columns[i] || float.IsNaN(row[i]))
                    {
                        columns[i] = row[i];
                    }
                }
            }

            var outRow = y.Slice(oh * g.OutW, g.OutW);
            for (var ow = 0; ow < g.OutW; ow++)
            {
                var best = float.NegativeInfinity;
                var any = false;
                for (var kj = 0; kj < g.KernelW; kj++)
                {
                    var iw = (ow * g.StrideW) - g.PadW + kj;
                    if ((uint)iw >= (uint)g.Width)
                    {
                        continue;
                    }

                    var v = columns[iw];
                    if (!any || v > best || float.IsNaN(v))
                    {
                        best = v;
                        any = true;
                        if (float.IsNaN(v))
                        {
                            break;
                        }
                    }
                }

                outRow[ow] = first ? float.NegativeInfinity : best;
            }
        }
    }

    private static void MaxPoolForward(ReadOnlySpan<float> x, Span<float> y, Span<int> argmax, Kernels.ConvGeometry g)
    {
        // Stride-2 windows wholly inside the plane (resnet's 3×3 stride-2 stem pool but its edges) go 8 at a time.
        var stride2 = Stride2Vector(g);
        var (blocksFrom, blocksTo) = stride2 ? InteriorBlocks(g) : (0, 0);
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var ih0 = (oh * g.StrideH) - g.PadH;
            var (from, to) = stride2 && ih0 >= 0 && ih0 + g.KernelH <= g.Height ? (blocksFrom, blocksTo) : (0, 0);
            for (var ow = 0; ow < from; ow++)
            {
                MaxPoolWindow(x, y, argmax, g, oh, ow);
            }

            for (var ow = from; ow < to; ow += 8)
            {
                MaxPoolStride2x8(x, y, argmax, g, oh, ow);
            }

            for (var ow = to; ow < g.OutW; ow++)
            {
                MaxPoolWindow(x, y, argmax, g, oh, ow);
            }
        }
    }

    /// <summary>Output (oh, ow): the first maximum of the window in row-major order, or its first NaN; padding never wins.</summary>
    private static void MaxPoolWindow(ReadOnlySpan<float> x, Span<float> y, Span<int> argmax, Kernels.ConvGeometry g, int oh, int ow)
    {
        var best = float.NegativeInfinity;
        var bestIndex = -1;
        for (var ki = 0; ki < g.KernelH; ki++)
        {
            var ih = (oh * g.StrideH) - g.PadH + (ki * g.DilationH);
            if ((uint)ih >= (uint)g.Height)
            {
                continue;
            }

            for (var kj = 0; kj < g.KernelW; kj++)
            {
                var iw = (ow * g.StrideW) - g.PadW + (kj * g.DilationW);
                if ((uint)iw >= (uint)g.Width)
                {
                    continue;
                }

                var v = x[(ih * g.Width) + iw];
                if (v > best || float.IsNaN(v) || bestIndex < 0)
                {
                    best = v;
                    bestIndex = (ih * g.Width) + iw;
                    if (float.IsNaN(v))
                    {
                        goto Done;
                    }
                }
            }
        }

    Done:
        y[(oh * g.OutW) + ow] = best;
        argmax[(oh * g.OutW) + ow] = bestIndex;
    }

    /// <summary>Whether <see cref="MaxPoolForward"/> takes the windows of stride 2 inside the plane 8 at a time.</summary>
    private static bool Stride2Vector(Kernels.ConvGeometry g) =>
        g.StrideW == 2 && g.DilationH == 1 && g.DilationW == 1 && Avx2.IsSupported && !DisableVectorMaxPool;

    /// <summary>Forces the scalar max-pooling forward pass (tests compare both).</summary>
    internal static bool DisableVectorMaxPool { get; set; }

    /// <summary>
    /// Output columns [from, to) of a row, whole blocks of 8, whose stride-2 windows have every tap in the row and whose
    /// 16-value loads (one per kernel column, from 2·ow − pad + kj) stay inside it: from 2·ow₀ − pad ≥ 0 to the last
    /// block start ow₀ with 2·ow₀ − pad + kw − 1 + 16 ≤ W, and no further than the row's outputs.
    /// </summary>
    private static (int From, int To) InteriorBlocks(Kernels.ConvGeometry g)
    {
        var from = (g.PadW + 1) / 2;
        var room = g.Width + g.PadW - g.KernelW - 15;   // 2·(last block start) ≤ room
        var to = room < 0 ? from : Math.Min(g.OutW, (room / 2) + 8);
        return (from, from + (Math.Max(0, to - from) & ~7));
    }

    /// <summary>
    /// Outputs (oh, ow … ow + 7) of a stride-2 window inside the plane, as the scalar loop computes them: windows in
    /// row-major order, a later value taken when it is larger or NaN (the first NaN stays).
    /// </summary>
    private static void MaxPoolStride2x8(ReadOnlySpan<float> x, Span<float> y, Span<int> argmax, Kernels.ConvGeometry g, int oh, int ow)
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        var lanes = Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        var best = Vector256<float>.Zero;
        var index = Vector256<int>.Zero;
        var first = true;
        for (var ki = 0; ki < g.KernelH; ki++)
        {
            var ih = (oh * g.StrideH) - g.PadH + ki;
            for (var kj = 0; kj < g.KernelW; kj++)
            {
                var at = (ih * g.Width) + (2 * ow) - g.PadW + kj;
                var v = Kernels.Deinterleave.Even(Vector256.LoadUnsafe(ref x0, (nuint)at), Vector256.LoadUnsafe(ref x0, (nuint)at + 8));
                var i = Vector256.Create(at) + lanes;
                if (first)
                {
                    (best, index, first) = (v, i, false);
                    continue;
                }

                // v > best, or v NaN while best is not (v ≠ v, best = best).
                var take = Avx.CompareGreaterThan(v, best) | (Avx.CompareUnordered(v, v) & Avx.CompareOrdered(best, best));
                best = Avx.BlendVariable(best, v, take);
                index = Avx.BlendVariable(index.AsSingle(), i.AsSingle(), take).AsInt32();
            }
        }

        best.StoreUnsafe(ref MemoryMarshal.GetReference(y), (nuint)((oh * g.OutW) + ow));
        index.StoreUnsafe(ref MemoryMarshal.GetReference(argmax), (nuint)((oh * g.OutW) + ow));
    }

    /// <summary>
    /// Forward: pooled (H', W') = window means of plane (H, W). Backward: plane (H, W) += pooled (H', W') / divisor
    /// over each window. PyTorch's divisor: the window clipped to the padded input, or to the real input without
    /// count_include_pad.
    /// </summary>
    private static void AvgPool(Span<float> plane, Span<float> pooled, Kernels.ConvGeometry g, bool includePad, bool backward)
    {
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var h0 = (oh * g.StrideH) - g.PadH;
            var h1 = Math.Min(h0 + g.KernelH, g.Height + g.PadH);
            var poolH = h1 - h0;
            h0 = Math.Max(h0, 0);
            h1 = Math.Min(h1, g.Height);
            for (var ow = 0; ow < g.OutW; ow++)
            {
                var w0 = (ow * g.StrideW) - g.PadW;
                var w1 = Math.Min(w0 + g.KernelW, g.Width + g.PadW);
                var poolW = w1 - w0;
                w0 = Math.Max(w0, 0);
                w1 = Math.Min(w1, g.Width);
                var divisor = includePad ? poolH * poolW : (h1 - h0) * (w1 - w0);
                if (!backward)
                {
                    var sum = 0f;
                    for (var ih = h0; ih < h1; ih++)
                    {
                        for (var iw = w0; iw < w1; iw++)
                        {
                            sum += plane[(ih * g.Width) + iw];
                        }
                    }

                    pooled[(oh * g.OutW) + ow] = divisor > 0 ? sum / divisor : 0f;
                }
                else if (divisor > 0)
                {
                    var share = pooled[(oh * g.OutW) + ow] / divisor;
                    for (var ih = h0; ih < h1; ih++)
                    {
                        for (var iw = w0; iw < w1; iw++)
                        {
                            plane[(ih * g.Width) + iw] += share;
                        }
                    }
                }
            }
        }
    }

    private static void AdaptiveAvg(Span<float> plane, Span<float> pooled, int h, int w, int outH, int outW, bool backward)
    {
        for (var i = 0; i < outH; i++)
        {
            var h0 = i * h / outH;
            var h1 = (((i + 1) * h) + outH - 1) / outH;
            for (var j = 0; j < outW; j++)
            {
                var w0 = j * w / outW;
                var w1 = (((j + 1) * w) + outW - 1) / outW;
                var count = (h1 - h0) * (w1 - w0);
                if (!backward)
                {
                    var sum = 0f;
                    for (var ih = h0; ih < h1; ih++)
                    {
                        for (var iw = w0; iw < w1; iw++)
                        {
                            sum += plane[(ih * w) + iw];
                        }
                    }

                    pooled[(i * outW) + j] = sum / count;
                }
                else
                {
                    var share = pooled[(i * outW) + j] / count;
                    for (var ih = h0; ih < h1; ih++)
                    {
                        for (var iw = w0; iw < w1; iw++)
                        {
                            plane[(ih * w) + iw] += share;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Output size of PyTorch's pooling_output_shape, with the ceil-mode rule that the last window must start inside the input or left padding.</summary>
    private static int PoolOutput(int size, int kernel, int pad, int stride, int dilation, bool ceil)
    {
        var numerator = size + (2 * pad) - (dilation * (kernel - 1)) - 1 + (ceil ? stride - 1 : 0);
        var output = (int)Math.Floor((double)numerator / stride) + 1;
        if (ceil && (output - 1) * stride >= size + pad)
        {
            output--;
        }

        return output;
    }

    private static Kernels.ConvGeometry PoolCheck(Tensor x, Pool2dOptions o, string op)
    {
        if (x.Rank != 4)
        {
            throw new ArgumentException($"{op} input must be (N, C, H, W), got {ShapeMath.Format(x.Shape)}", nameof(x));
        }

        var (kh, kw) = o.Kernel;
        var (sh, sw) = o.Stride ?? o.Kernel;
        var (ph, pw) = o.Padding;
        var (dh, dw) = o.Dilation;
        if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || dh < 1 || dw < 1)
        {
            throw new ArgumentException($"{op} needs kernel, stride and dilation ≥ 1, got kernel {o.Kernel}, stride {(sh, sw)}, dilation {o.Dilation}", nameof(o));
        }

        if (ph < 0 || pw < 0 || ph > kh / 2 || pw > kw / 2)
        {
            throw new ArgumentException($"{op} padding must be between 0 and half the kernel size, got padding {o.Padding} for kernel {o.Kernel}", nameof(o));
        }

        int h = x.Shape[2], w = x.Shape[3];
        var outH = PoolOutput(h, kh, ph, sh, dh, o.CeilMode);
        var outW = PoolOutput(w, kw, pw, sw, dw, o.CeilMode);
        if (outH < 1 || outW < 1)
        {
            throw new ArgumentException($"{op}: input {h}×{w} is too small for kernel {o.Kernel} (output would be {outH}×{outW})", nameof(x));
        }

        return new Kernels.ConvGeometry(x.Shape[1], h, w, kh, kw, sh, sw, ph, pw, dh, dw, outH, outW);
    }
}
