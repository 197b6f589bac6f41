using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MedVision.Tensors.Kernels;

/// <summary>
/// Direct convolution for layers with very few input taps (C·kh·kw ≤ <see cref="MaxTaps"/>, stride 1, no
/// dilation, one group): the first layer of a network on grey or RGB images. There im2col + GEMM would
/// multiply matrices with an inner dimension of 9 or 27 and then transpose the result; here each output row is
/// accumulated tap by tap, 16 columns at a time, straight into y. The weight gradient is the matching sum of
/// products of dY rows with shifted input rows. Each output value and each weight-gradient value is summed in a
/// fixed order by one thread, so results do not depend on the thread count.
/// </summary>
internal static class DirectConv
{
    public const int MaxTaps = 32;

    /// <summary>Forces the GEMM path (tests compare both).</summary>
    internal static bool Disable { get; set; }

    /// <summary>True when the direct kernels apply to this layer.</summary>
    public static bool Applies(ConvGeometry g, int groups) =>
        !Disable && Vector512.IsHardwareAccelerated && groups == 1
        && g.StrideH == 1 && g.StrideW == 1 && g.DilationH == 1 && g.DilationW == 1
        && g.Channels * g.KernelArea <= MaxTaps && g.OutW >= Vector512<float>.Count;

    /// <summary>y (N, Cout, H', W') = conv(x, w) + b.</summary>
    public static void Forward(float[] x, float[] w, float[]? b, float[] y, ConvGeometry g, int outC, int n)
    {
        var padded = Pad(x, g, n);
        Parallelism.ForRange(n * outC, 8, (s, e) =>
        {
            for (var t = s; t < e; t++)
            {
                var (i, co) = (t / outC, t % outC);
                ForwardPlane(padded, i, w.AsSpan(co * g.Channels * g.KernelArea), b is null ? 0f : b[co], y.AsSpan(((i * outC) + co) * g.OutPlane, g.OutPlane), g);
            }
        });
        StoragePool.Return(padded);
    }

    /// <summary>dW (Cout, C, kh, kw) = Σ over samples and output positions of dY · shifted x (overwritten, not accumulated).</summary>
    public static void WeightGradient(float[] x, float[] dY, float[] dW, ConvGeometry g, int outC, int n)
    {
        var padded = Pad(x, g, n);
        var taps = g.Channels * g.KernelArea;
        Parallelism.ForRange(outC, 1, (s, e) =>
        {
            Span<double> sums = stackalloc double[MaxTaps];
            for (var co = s; co < e; co++)
            {
                WeightGradientChannel(padded, dY, co, outC, n, g, sums[..taps]);
                for (var t = 0; t < taps; t++)
                {
                    dW[(co * taps) + t] = (float)sums[t];
                }
            }
        });
        StoragePool.Return(padded);
    }

    /// <summary>x (N, C, H, W) copied into zero borders of the padding: (N, C, H + 2ph, W + 2pw).</summary>
    private static float[] Pad(float[] x, ConvGeometry g, int n)
    {
        int ph = g.Height + (2 * g.PadH), pw = g.Width + (2 * g.PadW);
        var planes = n * g.Channels;
        var padded = StoragePool.Rent(planes * ph * pw);
        Parallelism.ForRange(planes, 16, (s, e) =>
        {
            for (var p = s; p < e; p++)
            {
                var dst = padded.AsSpan(p * ph * pw, ph * pw);
                dst[..(g.PadH * pw)].Clear();
                dst[((g.PadH + g.Height) * pw)..].Clear();
                for (var r = 0; r < g.Height; r++)
                {
                    var row = dst.Slice((g.PadH + r) * pw, pw);
                    row[..g.PadW].Clear();
                    x.AsSpan((p * g.Plane) + (r * g.Width), g.Width).CopyTo(row[g.PadW..]);
                    row[(g.PadW + g.Width)..].Clear();
                }
            }
        });
        return padded;
    }

    private static void ForwardPlane(float[] padded, int sample, ReadOnlySpan<float> weights, float bias, Span<float> y, ConvGeometry g)
    {
        int ph = g.Height + (2 * g.PadH), pw = g.Width + (2 * g.PadW);
        var taps = g.Channels * g.KernelArea;
        Span<int> offsets = stackalloc int[MaxTaps];
        Span<float> tapWeights = stackalloc float[MaxTaps];
        for (var t = 0; t < taps; t++)
        {
            var c = t / g.KernelArea;
            offsets[t] = (c * ph * pw) + (t / g.KernelW % g.KernelH * pw) + (t % g.KernelW);
            tapWeights[t] = weights[t];
        }

        ref var input = ref padded[sample * g.Channels * ph * pw];
        ref var output = ref MemoryMarshal.GetReference(y);
        const int v = 16;
        for (var oh = 0; oh < g.OutH; oh++)
        {
            ref var inRow = ref Unsafe.Add(ref input, oh * pw);
            ref var outRow = ref Unsafe.Add(ref output, oh * g.OutW);
            for (var ow = 0; ; ow += v)
            {
                // The last block overlaps the one before when the width is not a multiple of 16; it rewrites the same values.
                ow = Math.Min(ow, g.OutW - v);
                var acc = Vector512.Create(bias);
                for (var t = 0; t < taps; t++)
                {
                    acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref Unsafe.Add(ref inRow, offsets[t] + ow)), Vector512.Create(tapWeights[t]), acc);
                }

                acc.StoreUnsafe(ref Unsafe.Add(ref outRow, ow));
                if (ow == g.OutW - v)
                {
                    break;
                }
            }
        }
    }

    private static void WeightGradientChannel(float[] padded, float[] dY, int co, int outC, int n, ConvGeometry g, Span<double> sums)
    {
        int ph = g.Height + (2 * g.PadH), pw = g.Width + (2 * g.PadW);
        var taps = sums.Length;
        Span<int> offsets = stackalloc int[MaxTaps];
        for (var t = 0; t < taps; t++)
        {
            offsets[t] = (t / g.KernelArea * ph * pw) + (t / g.KernelW % g.KernelH * pw) + (t % g.KernelW);
        }

        const int v = 16;
        var tail = g.OutW % v;
        var tailMask = Vector512.GreaterThanOrEqual(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(v - tail)).AsSingle();
        Span<Vector512<float>> acc = stackalloc Vector512<float>[MaxTaps];
        sums.Clear();
        for (var i = 0; i < n; i++)
        {
            // Float lanes within a sample, double across samples.
            acc[..taps].Clear();
            ref var input = ref padded[i * g.Channels * ph * pw];
            ref var grad = ref dY[((i * outC) + co) * g.OutPlane];
            for (var oh = 0; oh < g.OutH; oh++)
            {
                ref var inRow = ref Unsafe.Add(ref input, oh * pw);
                ref var gRow = ref Unsafe.Add(ref grad, oh * g.OutW);
                var ow = 0;
                for (; ow + v <= g.OutW; ow += v)
                {
                    var d = Vector512.LoadUnsafe(ref Unsafe.Add(ref gRow, ow));
                    for (var t = 0; t < taps; t++)
                    {
                        acc[t] = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref Unsafe.Add(ref inRow, offsets[t] + ow)), d, acc[t]);
                    }
                }

                if (tail != 0)
                {
                    // The last 16 columns, with the ones already summed masked out.
                    ow = g.OutW - v;
                    var d = Vector512.LoadUnsafe(ref Unsafe.Add(ref gRow, ow)) & tailMask;
                    for (var t = 0; t < taps; t++)
                    {
                        acc[t] = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref Unsafe.Add(ref inRow, offsets[t] + ow)), d, acc[t]);
                    }
                }
            }

            for (var t = 0; t < taps; t++)
            {
                sums[t] += Vector512.Sum(acc[t]);
            }
        }
    }
}
