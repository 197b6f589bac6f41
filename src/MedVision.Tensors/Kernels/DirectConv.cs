using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MedVision.Tensors.Kernels;

/// <summary>
/// Direct convolution for layers with very few input taps (C·kh·kw ≤ <see cref="MaxTaps"/>, stride 1, no
/// dilation, one group): the first layer of a network on grey or RGB images. There im2col + GEMM would
/// multiply matrices with an inner dimension of 9 or 27 and then transpose the result; here each output row is
/// accumulated tap by tap, 16 columns at a time with AVX-512 (8 with AVX2 and FMA), straight into y. The weight gradient is the matching sum of
/// products of dY rows with shifted input rows. Each output value and each weight-gradient value is summed in a
/// fixed order by one thread, so results do not depend on the thread count.
/// </summary>
internal static class DirectConv
{
    public const int MaxTaps = 32;

    /// <summary>Forces the GEMM path (tests compare both).</summary>
    internal static bool Disable { get; set; }

    /// <summary>Forces the 256-bit kernels where 512-bit vectors are accelerated (tests cover both widths).</summary>
    internal static bool DisableVector512 { get; set; }

    private static bool Use512 => Vector512.IsHardwareAccelerated && !DisableVector512;

    /// <summary>Lanes of the kernels on this machine: 16 (AVX-512), 8 (AVX2 with FMA), else 0 (no direct kernels).</summary>
    private static int Lanes => Use512 ? 16 : Vector256.IsHardwareAccelerated && Fma.IsSupported ? 8 : 0;

    /// <summary>True when the direct kernels apply to this layer.</summary>
    public static bool Applies(ConvGeometry g, int groups) =>
        !Disable && Lanes > 0 && groups == 1
        && g.StrideH == 1 && g.StrideW == 1 && g.DilationH == 1 && g.DilationW == 1
        && g.Channels * g.KernelArea <= MaxTaps && g.OutW >= Lanes;

    /// <summary>y (N, Cout, H', W') = conv(x, w) + b.</summary>
    public static void Forward(float[] x, float[] w, float[]? b, float[] y, ConvGeometry g, int outC, int n)
    {
        var padded = Pad(x, g, n);
        Parallelism.ForRange(n * outC, 8, (s, e) =>
        {
            for (var t = s; t < e; t++)
            {
                var (i, co) = (t / outC, t % outC);
                var weights = w.AsSpan(co * g.Channels * g.KernelArea);
                var plane = y.AsSpan(((i * outC) + co) * g.OutPlane, g.OutPlane);
                if (Use512)
                {
                    ForwardPlane<Lanes512, Vector512<float>>(padded, i, weights, b is null ? 0f : b[co], plane, g);
                }
                else
                {
                    ForwardPlane<Lanes256, Vector256<float>>(padded, i, weights, b is null ? 0f : b[co], plane, g);
                }
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
                if (Use512)
                {
                    WeightGradientChannel<Lanes512, Vector512<float>>(padded, dY, co, outC, n, g, sums[..taps]);
                }
                else
                {
                    WeightGradientChannel<Lanes256, Vector256<float>>(padded, dY, co, outC, n, g, sums[..taps]);
                }
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

    private static void ForwardPlane<TL, TV>(float[] padded, int sample, ReadOnlySpan<float> weights, float bias, Span<float> y, ConvGeometry g)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
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
        var v = TL.Count;
        for (var oh = 0; oh < g.OutH; oh++)
        {
            ref var inRow = ref Unsafe.Add(ref input, oh * pw);
            ref var outRow = ref Unsafe.Add(ref output, oh * g.OutW);
            for (var ow = 0; ; ow += v)
            {
                // The last block overlaps the one before when the width is not a multiple of the lanes; it rewrites the same values.
                ow = Math.Min(ow, g.OutW - v);
                // Taps in im2col order from zero, then the bias: the bits of the im2col + SGEMM path.
                var acc = TL.Multiply(TL.Load(ref Unsafe.Add(ref inRow, offsets[0] + ow)), TL.Create(tapWeights[0]));
                for (var t = 1; t < taps; t++)
                {
                    acc = TL.MultiplyAdd(TL.Load(ref Unsafe.Add(ref inRow, offsets[t] + ow)), TL.Create(tapWeights[t]), acc);
                }

                TL.Store(TL.Add(acc, TL.Create(bias)), ref Unsafe.Add(ref outRow, ow));
                if (ow == g.OutW - v)
                {
                    break;
                }
            }
        }
    }

    private static void WeightGradientChannel<TL, TV>(float[] padded, float[] dY, int co, int outC, int n, ConvGeometry g, Span<double> sums)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int ph = g.Height + (2 * g.PadH), pw = g.Width + (2 * g.PadW);
        var taps = sums.Length;
        Span<int> offsets = stackalloc int[MaxTaps];
        for (var t = 0; t < taps; t++)
        {
            offsets[t] = (t / g.KernelArea * ph * pw) + (t / g.KernelW % g.KernelH * pw) + (t % g.KernelW);
        }

        var v = TL.Count;
        var tail = g.OutW % v;
        var tailMask = TL.LastLanes(tail);
        Span<TV> acc = stackalloc TV[MaxTaps];
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
                    var d = TL.Load(ref Unsafe.Add(ref gRow, ow));
                    for (var t = 0; t < taps; t++)
                    {
                        acc[t] = TL.MultiplyAdd(TL.Load(ref Unsafe.Add(ref inRow, offsets[t] + ow)), d, acc[t]);
                    }
                }

                if (tail != 0)
                {
                    // The last block of columns, with the ones already summed masked out.
                    ow = g.OutW - v;
                    var d = TL.And(TL.Load(ref Unsafe.Add(ref gRow, ow)), tailMask);
                    for (var t = 0; t < taps; t++)
                    {
                        acc[t] = TL.MultiplyAdd(TL.Load(ref Unsafe.Add(ref inRow, offsets[t] + ow)), d, acc[t]);
                    }
                }
            }

            for (var t = 0; t < taps; t++)
            {
                sums[t] += TL.Sum(acc[t]);
            }
        }
    }
}

/// <summary>The vector operations of the direct kernels at one width (a generic argument, so each width gets its own body).</summary>
internal interface ILanes<TV>
    where TV : unmanaged
{
    static abstract int Count { get; }

    static abstract TV Create(float value);

    static abstract TV Load(ref float source);

    static abstract void Store(TV value, ref float destination);

    /// <summary>a·b + c, fused.</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);

    static abstract TV Multiply(TV a, TV b);

    static abstract TV Add(TV a, TV b);

    static abstract TV And(TV a, TV b);

    static abstract float Sum(TV value);

    /// <summary>All bits set in the last <paramref name="count"/> lanes, clear in the others.</summary>
    static abstract TV LastLanes(int count);
}

internal readonly struct Lanes512 : ILanes<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    public static Vector512<float> Create(float value) => Vector512.Create(value);

    public static Vector512<float> Load(ref float source) => Vector512.LoadUnsafe(ref source);

    public static void Store(Vector512<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);

    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    public static Vector512<float> And(Vector512<float> a, Vector512<float> b) => a & b;

    public static float Sum(Vector512<float> value) => Vector512.Sum(value);

    public static Vector512<float> LastLanes(int count) =>
        Vector512.GreaterThanOrEqual(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(Count - count)).AsSingle();
}

internal readonly struct Lanes256 : ILanes<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    public static Vector256<float> Create(float value) => Vector256.Create(value);

    public static Vector256<float> Load(ref float source) => Vector256.LoadUnsafe(ref source);

    public static void Store(Vector256<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);

    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    public static Vector256<float> And(Vector256<float> a, Vector256<float> b) => a & b;

    public static float Sum(Vector256<float> value) => Vector256.Sum(value);

    public static Vector256<float> LastLanes(int count) =>
        Vector256.GreaterThanOrEqual(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(Count - count)).AsSingle();
}
