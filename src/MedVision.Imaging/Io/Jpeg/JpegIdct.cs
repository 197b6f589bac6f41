using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MedVision.Imaging.Io.Jpeg;

/// <summary>
/// The accurate integer inverse DCT of libjpeg (<c>jidctint.c</c>, <c>jpeg_idct_islow</c>, the default
/// <c>JDCT_ISLOW</c> that Pillow and OpenCV decode with): the Loeffler–Ligtenberg–Moschytz factorisation
/// with 13-bit constants, two passes (columns, then rows), and libjpeg's range limiting, so that samples are
/// bit-identical to libjpeg's. 8-bit data keeps 2 extra bits between passes, 12-bit data 1. On AVX2 hardware
/// 8-bit blocks go through a vector version that transforms eight columns (then rows) at once in 32-bit lanes,
/// as libjpeg-turbo's own SIMD code does; it gives the same samples as the scalar reference.
/// </summary>
public static class JpegIdct
{
    private const int ConstBits = 13;
    private const int Fix0298631336 = 2446;
    private const int Fix0390180644 = 3196;
    private const int Fix0541196100 = 4433;
    private const int Fix0765366865 = 6270;
    private const int Fix0899976223 = 7373;
    private const int Fix1175875602 = 9633;
    private const int Fix1501321110 = 12299;
    private const int Fix1847759065 = 15137;
    private const int Fix1961570560 = 16069;
    private const int Fix2053119869 = 16819;
    private const int Fix2562915447 = 20995;
    private const int Fix3072711026 = 25172;

    /// <summary>
    /// Dequantises the 64 natural-order <paramref name="coefficients"/> with <paramref name="quant"/> (64 values) and
    /// writes the 8×8 samples (0 … 2^precision − 1) to 8 rows of <paramref name="output"/>, <paramref name="stride"/>
    /// apart. <paramref name="precision"/> is 8 or 12. Allocates nothing.
    /// </summary>
    public static void Transform(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quant, Span<ushort> output, int stride, int precision)
    {
        if (precision == 8 && Avx2.IsSupported)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(coefficients.Length, 64);
            ArgumentOutOfRangeException.ThrowIfLessThan(quant.Length, 64);
            ArgumentOutOfRangeException.ThrowIfLessThan(output.Length, (7 * stride) + 8);
            TransformAvx2(coefficients, quant, output, stride);
        }
        else
        {
            TransformScalar(coefficients, quant, output, stride, precision);
        }
    }

    /// <summary>The scalar reference of <see cref="Transform"/>, a line-by-line port of jidctint.c.</summary>
    public static void TransformScalar(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quant, Span<ushort> output, int stride, int precision)
    {
        var pass1Bits = precision == 8 ? 2 : 1;
        var center = 1 << (precision - 1);
        var maxSample = (1 << precision) - 1;
        var rangeMask = (4 << precision) - 1;
        Span<int> ws = stackalloc int[64];

        // Pass 1: columns from the coefficients into the work array, scaled up by 2^pass1Bits.
        for (var c = 0; c < 8; c++)
        {
            if (coefficients[8 + c] == 0 && coefficients[16 + c] == 0 && coefficients[24 + c] == 0 && coefficients[32 + c] == 0
                && coefficients[40 + c] == 0 && coefficients[48 + c] == 0 && coefficients[56 + c] == 0)
            {
                var dc = coefficients[c] * quant[c] << pass1Bits;
                for (var r = 0; r < 8; r++)
                {
                    ws[(r * 8) + c] = dc;
                }

                continue;
            }

            Butterfly(
                coefficients[c] * quant[c], coefficients[8 + c] * quant[8 + c], coefficients[16 + c] * quant[16 + c], coefficients[24 + c] * quant[24 + c],
                coefficients[32 + c] * quant[32 + c], coefficients[40 + c] * quant[40 + c], coefficients[48 + c] * quant[48 + c], coefficients[56 + c] * quant[56 + c],
                ConstBits, ConstBits - pass1Bits, out var o0, out var o1, out var o2, out var o3, out var o4, out var o5, out var o6, out var o7);
            ws[c] = o0;
            ws[8 + c] = o1;
            ws[16 + c] = o2;
            ws[24 + c] = o3;
            ws[32 + c] = o4;
            ws[40 + c] = o5;
            ws[48 + c] = o6;
            ws[56 + c] = o7;
        }

        // Pass 2: rows from the work array; the result is scaled by 8 more, hence the extra 3 bits.
        var shift = ConstBits + pass1Bits + 3;
        for (var r = 0; r < 8; r++)
        {
            var row = ws.Slice(r * 8, 8);
            var dst = output.Slice(r * stride, 8);
            Butterfly(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], ConstBits, shift,
                out var o0, out var o1, out var o2, out var o3, out var o4, out var o5, out var o6, out var o7);
            dst[0] = Limit(o0, center, maxSample, rangeMask);
            dst[1] = Limit(o1, center, maxSample, rangeMask);
            dst[2] = Limit(o2, center, maxSample, rangeMask);
            dst[3] = Limit(o3, center, maxSample, rangeMask);
            dst[4] = Limit(o4, center, maxSample, rangeMask);
            dst[5] = Limit(o5, center, maxSample, rangeMask);
            dst[6] = Limit(o6, center, maxSample, rangeMask);
            dst[7] = Limit(o7, center, maxSample, rangeMask);
        }
    }

    private static void TransformAvx2(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quant, Span<ushort> output, int stride)
    {
        ref var c = ref MemoryMarshal.GetReference(coefficients);
        ref var q = ref MemoryMarshal.GetReference(quant);

        // Pass 1: vector k holds coefficient row k (lanes = columns); the butterfly runs down all columns at once.
        var r0 = Row(ref c, ref q, 0);
        var r1 = Row(ref c, ref q, 1);
        var r2 = Row(ref c, ref q, 2);
        var r3 = Row(ref c, ref q, 3);
        var r4 = Row(ref c, ref q, 4);
        var r5 = Row(ref c, ref q, 5);
        var r6 = Row(ref c, ref q, 6);
        var r7 = Row(ref c, ref q, 7);
        ButterflyAvx2(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ConstBits - 2);

        // Pass 2: transpose so that each vector holds one column of the work array (lanes = rows).
        Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        ButterflyAvx2(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ConstBits + 2 + 3);
        Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        Store(output, 0, stride, r0, r1);
        Store(output, 2, stride, r2, r3);
        Store(output, 4, stride, r4, r5);
        Store(output, 6, stride, r6, r7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Row(ref short c, ref ushort q, int row)
    {
        var coefficients = Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref c, (nuint)(8 * row)));
        var quant = Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref q, (nuint)(8 * row)));
        return Avx2.MultiplyLow(coefficients, quant);
    }

    /// <summary>Rows <paramref name="row"/> and <paramref name="row"/> + 1: libjpeg's range limit (10-bit wrap, +128, clamp), narrowed to 16 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<ushort> output, int row, int stride, Vector256<int> a, Vector256<int> b)
    {
        var center = Vector256.Create(128);
        var lo = Avx2.Add(Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(a, 22), 22), center);
        var hi = Avx2.Add(Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(b, 22), 22), center);
        lo = Avx2.Min(Avx2.Max(lo, Vector256<int>.Zero), Vector256.Create(255));
        hi = Avx2.Min(Avx2.Max(hi, Vector256<int>.Zero), Vector256.Create(255));
        var packed = Avx2.Permute4x64(Avx2.PackUnsignedSaturate(lo, hi).AsInt64(), 0b11_01_10_00).AsUInt16();
        packed.GetLower().CopyTo(output.Slice(row * stride, 8));
        packed.GetUpper().CopyTo(output.Slice((row + 1) * stride, 8));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ButterflyAvx2(
        ref Vector256<int> x0, ref Vector256<int> x1, ref Vector256<int> x2, ref Vector256<int> x3,
        ref Vector256<int> x4, ref Vector256<int> x5, ref Vector256<int> x6, ref Vector256<int> x7, int descale)
    {
        var z1 = (x2 + x6) * Fix0541196100;
        var tmp2 = z1 + (x6 * -Fix1847759065);
        var tmp3 = z1 + (x2 * Fix0765366865);
        var tmp0 = (x0 + x4) << ConstBits;
        var tmp1 = (x0 - x4) << ConstBits;
        var tmp10 = tmp0 + tmp3;
        var tmp13 = tmp0 - tmp3;
        var tmp11 = tmp1 + tmp2;
        var tmp12 = tmp1 - tmp2;

        z1 = x7 + x1;
        var z2 = x5 + x3;
        var z3 = x7 + x3;
        var z4 = x5 + x1;
        var z5 = (z3 + z4) * Fix1175875602;
        tmp0 = x7 * Fix0298631336;
        tmp1 = x5 * Fix2053119869;
        tmp2 = x3 * Fix3072711026;
        tmp3 = x1 * Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 = (z3 * -Fix1961570560) + z5;
        z4 = (z4 * -Fix0390180644) + z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;

        var round = Vector256.Create(1 << (descale - 1));
        x0 = Vector256.ShiftRightArithmetic(tmp10 + tmp3 + round, descale);
        x7 = Vector256.ShiftRightArithmetic(tmp10 - tmp3 + round, descale);
        x1 = Vector256.ShiftRightArithmetic(tmp11 + tmp2 + round, descale);
        x6 = Vector256.ShiftRightArithmetic(tmp11 - tmp2 + round, descale);
        x2 = Vector256.ShiftRightArithmetic(tmp12 + tmp1 + round, descale);
        x5 = Vector256.ShiftRightArithmetic(tmp12 - tmp1 + round, descale);
        x3 = Vector256.ShiftRightArithmetic(tmp13 + tmp0 + round, descale);
        x4 = Vector256.ShiftRightArithmetic(tmp13 - tmp0 + round, descale);
    }

    /// <summary>8×8 transpose of 32-bit lanes: 32-bit, then 64-bit unpacks, then 128-bit lane swaps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(
        ref Vector256<int> r0, ref Vector256<int> r1, ref Vector256<int> r2, ref Vector256<int> r3,
        ref Vector256<int> r4, ref Vector256<int> r5, ref Vector256<int> r6, ref Vector256<int> r7)
    {
        var t0 = Avx2.UnpackLow(r0, r1);
        var t1 = Avx2.UnpackHigh(r0, r1);
        var t2 = Avx2.UnpackLow(r2, r3);
        var t3 = Avx2.UnpackHigh(r2, r3);
        var t4 = Avx2.UnpackLow(r4, r5);
        var t5 = Avx2.UnpackHigh(r4, r5);
        var t6 = Avx2.UnpackLow(r6, r7);
        var t7 = Avx2.UnpackHigh(r6, r7);
        var u0 = Avx2.UnpackLow(t0.AsInt64(), t2.AsInt64()).AsInt32();
        var u1 = Avx2.UnpackHigh(t0.AsInt64(), t2.AsInt64()).AsInt32();
        var u2 = Avx2.UnpackLow(t1.AsInt64(), t3.AsInt64()).AsInt32();
        var u3 = Avx2.UnpackHigh(t1.AsInt64(), t3.AsInt64()).AsInt32();
        var u4 = Avx2.UnpackLow(t4.AsInt64(), t6.AsInt64()).AsInt32();
        var u5 = Avx2.UnpackHigh(t4.AsInt64(), t6.AsInt64()).AsInt32();
        var u6 = Avx2.UnpackLow(t5.AsInt64(), t7.AsInt64()).AsInt32();
        var u7 = Avx2.UnpackHigh(t5.AsInt64(), t7.AsInt64()).AsInt32();
        r0 = Avx2.Permute2x128(u0, u4, 0x20);
        r1 = Avx2.Permute2x128(u1, u5, 0x20);
        r2 = Avx2.Permute2x128(u2, u6, 0x20);
        r3 = Avx2.Permute2x128(u3, u7, 0x20);
        r4 = Avx2.Permute2x128(u0, u4, 0x31);
        r5 = Avx2.Permute2x128(u1, u5, 0x31);
        r6 = Avx2.Permute2x128(u2, u6, 0x31);
        r7 = Avx2.Permute2x128(u3, u7, 0x31);
    }

    /// <summary>
    /// libjpeg's <c>range_limit[x &amp; RANGE_MASK]</c> after adding the centre: a clamp for |x| below twice the
    /// sample range, and libjpeg's wrap-around beyond it (only corrupt data gets there).
    /// </summary>
    private static ushort Limit(int x, int center, int maxSample, int rangeMask)
    {
        var m = x & rangeMask;
        var half = (rangeMask + 1) >> 1;
        return m < half ? (ushort)Math.Min(m + center, maxSample) : (ushort)Math.Max(m - rangeMask - 1 + center, 0);
    }

    /// <summary>One 8-point 1-D inverse DCT of jidctint.c; inputs already dequantised; outputs descaled by <paramref name="descale"/> bits.</summary>
    private static void Butterfly(
        long in0, long in1, long in2, long in3, long in4, long in5, long in6, long in7, int constBits, int descale,
        out int o0, out int o1, out int o2, out int o3, out int o4, out int o5, out int o6, out int o7)
    {
        // Even part: the rotator is sqrt(2)·c(−6).
        var z1 = (in2 + in6) * Fix0541196100;
        var tmp2 = z1 + (in6 * -Fix1847759065);
        var tmp3 = z1 + (in2 * Fix0765366865);
        var tmp0 = (in0 + in4) << constBits;
        var tmp1 = (in0 - in4) << constBits;
        var tmp10 = tmp0 + tmp3;
        var tmp13 = tmp0 - tmp3;
        var tmp11 = tmp1 + tmp2;
        var tmp12 = tmp1 - tmp2;

        // Odd part, per figure 8; the matrix is unitary and hence its transpose is its inverse.
        tmp0 = in7;
        tmp1 = in5;
        tmp2 = in3;
        tmp3 = in1;
        z1 = tmp0 + tmp3;
        var z2 = tmp1 + tmp2;
        var z3 = tmp0 + tmp2;
        var z4 = tmp1 + tmp3;
        var z5 = (z3 + z4) * Fix1175875602;
        tmp0 *= Fix0298631336;
        tmp1 *= Fix2053119869;
        tmp2 *= Fix3072711026;
        tmp3 *= Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 = (z3 * -Fix1961570560) + z5;
        z4 = (z4 * -Fix0390180644) + z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;

        var round = 1L << (descale - 1);
        o0 = (int)((tmp10 + tmp3 + round) >> descale);
        o7 = (int)((tmp10 - tmp3 + round) >> descale);
        o1 = (int)((tmp11 + tmp2 + round) >> descale);
        o6 = (int)((tmp11 - tmp2 + round) >> descale);
        o2 = (int)((tmp12 + tmp1 + round) >> descale);
        o5 = (int)((tmp12 - tmp1 + round) >> descale);
        o3 = (int)((tmp13 + tmp0 + round) >> descale);
        o4 = (int)((tmp13 - tmp0 + round) >> descale);
    }
}
