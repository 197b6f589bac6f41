using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MedVision.Tensors.Kernels;

/// <summary>
/// 2×2 max pooling with stride 2 and no padding (floor mode) of one plane, the shape every VGG-style network
/// uses. Forward keeps, per output, a code 0–3 naming the window's first maximum in row-major order (NaN wins,
/// as in PyTorch); backward writes every input position of the plane once (the window's gradient at the code,
/// zero elsewhere and in an odd last row or column), so dX needs no clearing. AVX-512 handles 16 windows at a time
/// and AVX2 8 (planes of 8 to 15 windows a row, or machines without AVX-512); for narrower planes, or without AVX2,
/// a scalar loop gives the same results.
/// </summary>
internal static class MaxPool2x2
{
    /// <summary>Forces the scalar loop (tests compare both paths).</summary>
    internal static bool DisableVector { get; set; }

    /// <summary>Forces the AVX2 paths where AVX-512 is supported (tests cover both).</summary>
    internal static bool DisableAvx512 { get; set; }

    private static bool UseAvx512 => Avx512F.IsSupported && Avx512F.VL.IsSupported && !DisableVector && !DisableAvx512;

    private static bool UseAvx2 => Avx2.IsSupported && !DisableVector;

    /// <summary>y (⌊H/2⌋, ⌊W/2⌋) = window maxima of x (H, W); code = position of each maximum (0 top-left, 1 top-right, 2, 3).</summary>
    public static void Forward(ReadOnlySpan<float> x, int height, int width, Span<float> y, Span<byte> code)
    {
        int outH = height / 2, outW = width / 2;
        if (x.Length < height * width || y.Length < outH * outW || code.Length < outH * outW)
        {
            throw new ArgumentException($"x must hold {height}×{width} values and y, code {outH}×{outW}", nameof(x));
        }

        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        ref var c0 = ref MemoryMarshal.GetReference(code);
        var vector = UseAvx512 && outW >= 16 ? 16 : UseAvx2 && outW >= 8 ? 8 : 0;
        for (var oh = 0; oh < outH; oh++)
        {
            ref var r0 = ref Unsafe.Add(ref x0, 2 * oh * width);
            ref var r1 = ref Unsafe.Add(ref r0, width);
            ref var yr = ref Unsafe.Add(ref y0, oh * outW);
            ref var cr = ref Unsafe.Add(ref c0, oh * outW);
            if (vector > 0)
            {
                // The last block overlaps the one before when outW is not a multiple of the block: it rewrites the same values.
                for (var j = 0; ; j += vector)
                {
                    j = Math.Min(j, outW - vector);
                    if (vector == 16)
                    {
                        Forward16(ref Unsafe.Add(ref r0, 2 * j), ref Unsafe.Add(ref r1, 2 * j), ref Unsafe.Add(ref yr, j), ref Unsafe.Add(ref cr, j));
                    }
                    else
                    {
                        Forward8(ref Unsafe.Add(ref r0, 2 * j), ref Unsafe.Add(ref r1, 2 * j), ref Unsafe.Add(ref yr, j), ref Unsafe.Add(ref cr, j));
                    }

                    if (j == outW - vector)
                    {
                        break;
                    }
                }
            }
            else
            {
                for (var j = 0; j < outW; j++)
                {
                    ForwardOne(ref Unsafe.Add(ref r0, 2 * j), ref Unsafe.Add(ref r1, 2 * j), out Unsafe.Add(ref yr, j), out Unsafe.Add(ref cr, j));
                }
            }
        }
    }

    /// <summary>dX (H, W) = dY (⌊H/2⌋, ⌊W/2⌋) placed at each window's code, zero elsewhere; every value of dX is written.</summary>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<byte> code, int height, int width, Span<float> dx)
    {
        int outH = height / 2, outW = width / 2;
        if (dx.Length < height * width || dy.Length < outH * outW || code.Length < outH * outW)
        {
            throw new ArgumentException($"dx must hold {height}×{width} values and dy, code {outH}×{outW}", nameof(dx));
        }

        ref var d0 = ref MemoryMarshal.GetReference(dx);
        ref var g0 = ref MemoryMarshal.GetReference(dy);
        ref var c0 = ref MemoryMarshal.GetReference(code);
        var vector = UseAvx512 && outW >= 16 ? 16 : UseAvx2 && outW >= 8 ? 8 : 0;
        for (var oh = 0; oh < outH; oh++)
        {
            ref var r0 = ref Unsafe.Add(ref d0, 2 * oh * width);
            ref var r1 = ref Unsafe.Add(ref r0, width);
            ref var gr = ref Unsafe.Add(ref g0, oh * outW);
            ref var cr = ref Unsafe.Add(ref c0, oh * outW);
            var j = 0;
            if (vector > 0)
            {
                for (; ; j += vector)
                {
                    j = Math.Min(j, outW - vector);
                    if (vector == 16)
                    {
                        Backward16(ref Unsafe.Add(ref gr, j), ref Unsafe.Add(ref cr, j), ref Unsafe.Add(ref r0, 2 * j), ref Unsafe.Add(ref r1, 2 * j));
                    }
                    else
                    {
                        Backward8(ref Unsafe.Add(ref gr, j), ref Unsafe.Add(ref cr, j), ref Unsafe.Add(ref r0, 2 * j), ref Unsafe.Add(ref r1, 2 * j));
                    }

                    if (j == outW - vector)
                    {
                        j = outW;
                        break;
                    }
                }
            }

            for (; j < outW; j++)
            {
                var g = Unsafe.Add(ref gr, j);
                var c = Unsafe.Add(ref cr, j);
                Unsafe.Add(ref r0, 2 * j) = c == 0 ? g : 0f;
                Unsafe.Add(ref r0, (2 * j) + 1) = c == 1 ? g : 0f;
                Unsafe.Add(ref r1, 2 * j) = c == 2 ? g : 0f;
                Unsafe.Add(ref r1, (2 * j) + 1) = c == 3 ? g : 0f;
            }

            if ((width & 1) != 0)
            {
                Unsafe.Add(ref r0, width - 1) = 0f;
                Unsafe.Add(ref r1, width - 1) = 0f;
            }
        }

        if ((height & 1) != 0)
        {
            dx.Slice((height - 1) * width, width).Clear();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ForwardOne(ref float top, ref float bottom, out float best, out byte code)
    {
        best = top;
        code = 0;
        Take(ref best, ref code, Unsafe.Add(ref top, 1), 1);
        Take(ref best, ref code, bottom, 2);
        Take(ref best, ref code, Unsafe.Add(ref bottom, 1), 3);
    }

    /// <summary>The running maximum takes <paramref name="v"/> when it is larger, or NaN over a number (a NaN maximum stays).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(ref float best, ref byte code, float v, byte k)
    {
        if (v > best || (float.IsNaN(v) && !float.IsNaN(best)))
        {
            best = v;
            code = k;
        }
    }

    private static readonly Vector512<int> Even16 = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    private static readonly Vector512<int> Odd16 = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    private static readonly Vector512<int> InterleaveLow16 = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    private static readonly Vector512<int> InterleaveHigh16 = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);

    private static void Forward16(ref float top, ref float bottom, ref float y, ref byte code)
    {
        var a0 = Vector512.LoadUnsafe(ref top);
        var a1 = Vector512.LoadUnsafe(ref top, 16);
        var b0 = Vector512.LoadUnsafe(ref bottom);
        var b1 = Vector512.LoadUnsafe(ref bottom, 16);
        var best = Avx512F.PermuteVar16x32x2(a0, Even16, a1);
        var k = Vector512<int>.Zero;
        Take(ref best, ref k, Avx512F.PermuteVar16x32x2(a0, Odd16, a1), 1);
        Take(ref best, ref k, Avx512F.PermuteVar16x32x2(b0, Even16, b1), 2);
        Take(ref best, ref k, Avx512F.PermuteVar16x32x2(b0, Odd16, b1), 3);
        best.StoreUnsafe(ref y);
        Avx512F.ConvertToVector128Byte(k).StoreUnsafe(ref code);
    }

    private static void Forward8(ref float top, ref float bottom, ref float y, ref byte code)
    {
        var a0 = Vector256.LoadUnsafe(ref top);
        var a1 = Vector256.LoadUnsafe(ref top, 8);
        var b0 = Vector256.LoadUnsafe(ref bottom);
        var b1 = Vector256.LoadUnsafe(ref bottom, 8);
        var best = Deinterleave.Even(a0, a1);
        var k = Vector256<int>.Zero;
        Take(ref best, ref k, Deinterleave.Odd(a0, a1), 1);
        Take(ref best, ref k, Deinterleave.Even(b0, b1), 2);
        Take(ref best, ref k, Deinterleave.Odd(b0, b1), 3);
        best.StoreUnsafe(ref y);
        // Codes 0–3 as bytes: two saturating packs leave lanes 0–3 in bytes 0–3 of the low half, 4–7 in bytes 16–19.
        var words = Avx2.PackSignedSaturate(k, k);
        var bytes = Avx2.PackUnsignedSaturate(words, words).AsUInt32();
        Unsafe.WriteUnaligned(ref code, bytes.GetElement(0) | ((ulong)bytes.GetElement(4) << 32));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(ref Vector512<float> best, ref Vector512<int> code, Vector512<float> v, int k)
    {
        var take = Vector512.GreaterThan(v, best) | (~Vector512.Equals(v, v) & Vector512.Equals(best, best));
        best = Vector512.ConditionalSelect(take, v, best);
        code = Vector512.ConditionalSelect(take.AsInt32(), Vector512.Create(k), code);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(ref Vector256<float> best, ref Vector256<int> code, Vector256<float> v, int k)
    {
        var take = Vector256.GreaterThan(v, best) | (~Vector256.Equals(v, v) & Vector256.Equals(best, best));
        best = Vector256.ConditionalSelect(take, v, best);
        code = Vector256.ConditionalSelect(take.AsInt32(), Vector256.Create(k), code);
    }

    private static void Backward16(ref float g, ref byte code, ref float top, ref float bottom)
    {
        var grad = Vector512.LoadUnsafe(ref g);
        var k = Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref code));
        var zero = Vector512<float>.Zero;
        var c0 = Vector512.ConditionalSelect(Vector512.Equals(k, Vector512<int>.Zero).AsSingle(), grad, zero);
        var c1 = Vector512.ConditionalSelect(Vector512.Equals(k, Vector512.Create(1)).AsSingle(), grad, zero);
        var c2 = Vector512.ConditionalSelect(Vector512.Equals(k, Vector512.Create(2)).AsSingle(), grad, zero);
        var c3 = Vector512.ConditionalSelect(Vector512.Equals(k, Vector512.Create(3)).AsSingle(), grad, zero);
        Avx512F.PermuteVar16x32x2(c0, InterleaveLow16, c1).StoreUnsafe(ref top);
        Avx512F.PermuteVar16x32x2(c0, InterleaveHigh16, c1).StoreUnsafe(ref top, 16);
        Avx512F.PermuteVar16x32x2(c2, InterleaveLow16, c3).StoreUnsafe(ref bottom);
        Avx512F.PermuteVar16x32x2(c2, InterleaveHigh16, c3).StoreUnsafe(ref bottom, 16);
    }

    private static void Backward8(ref float g, ref byte code, ref float top, ref float bottom)
    {
        var grad = Vector256.LoadUnsafe(ref g);
        var k = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref code)).AsByte());
        var zero = Vector256<float>.Zero;
        var c0 = Vector256.ConditionalSelect(Vector256.Equals(k, Vector256<int>.Zero).AsSingle(), grad, zero);
        var c1 = Vector256.ConditionalSelect(Vector256.Equals(k, Vector256.Create(1)).AsSingle(), grad, zero);
        var c2 = Vector256.ConditionalSelect(Vector256.Equals(k, Vector256.Create(2)).AsSingle(), grad, zero);
        var c3 = Vector256.ConditionalSelect(Vector256.Equals(k, Vector256.Create(3)).AsSingle(), grad, zero);
        Interleave(c0, c1, ref top);
        Interleave(c2, c3, ref bottom);
    }

    /// <summary>Writes a0, b0, a1, b1, …, a7, b7 (16 values) at <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave(Vector256<float> a, Vector256<float> b, ref float destination)
    {
        var low = Avx.UnpackLow(a, b);
        var high = Avx.UnpackHigh(a, b);
        Avx.Permute2x128(low, high, 0x20).StoreUnsafe(ref destination);
        Avx.Permute2x128(low, high, 0x31).StoreUnsafe(ref destination, 8);
    }
}
