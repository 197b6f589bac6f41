using System.Runtime.Intrinsics;

namespace MedVision.Imaging.Io.Jpeg;

/// <summary>
/// libjpeg's YCbCr → RGB conversion (<c>jdcolor.c</c>, <c>ycc_rgb_convert</c>): JFIF (ITU-R BT.601 full
/// range) with the same 16-bit fixed-point arithmetic and rounding as its tables, so outputs are bit-identical to libjpeg's.
/// Works for 8- and 12-bit samples.
/// </summary>
public static class JpegColor
{
    private const int ScaleBits = 16;
    private const int OneHalf = 1 << (ScaleBits - 1);
    private const int Fix1402 = 91881;   // FIX(1.40200)
    private const int Fix1772 = 116130;  // FIX(1.77200)
    private const int Fix071414 = 46802; // FIX(0.71414)
    private const int Fix034414 = 22554; // FIX(0.34414)

    /// <summary>
    /// Converts three equally long planes of Y, Cb, Cr (0 … 2^<paramref name="precision"/> − 1) in place to R, G, B.
    /// Sixteen samples at a time where 256-bit vectors are accelerated; allocates nothing.
    /// </summary>
    public static void YCbCrToRgb(Span<ushort> y, Span<ushort> cb, Span<ushort> cr, int precision)
    {
        if (cb.Length != y.Length || cr.Length != y.Length)
        {
            throw new ArgumentException($"planes must be equally long, got {y.Length}, {cb.Length}, {cr.Length}", nameof(cb));
        }

        var center = 1 << (precision - 1);
        var max = (1 << precision) - 1;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vCenter = Vector256.Create(center);
            var vHalf = Vector256.Create(OneHalf);
            var vMax = Vector256.Create(max);
            for (; i <= y.Length - 16; i += 16)
            {
                var (y0, y1) = Vector256.Widen(Vector256.Create<ushort>(y.Slice(i, 16)));
                var (b0, b1) = Vector256.Widen(Vector256.Create<ushort>(cb.Slice(i, 16)));
                var (r0, r1) = Vector256.Widen(Vector256.Create<ushort>(cr.Slice(i, 16)));
                Convert(y0.AsInt32(), b0.AsInt32() - vCenter, r0.AsInt32() - vCenter, vHalf, vMax, out var red0, out var green0, out var blue0);
                Convert(y1.AsInt32(), b1.AsInt32() - vCenter, r1.AsInt32() - vCenter, vHalf, vMax, out var red1, out var green1, out var blue1);
                Vector256.Narrow(red0.AsUInt32(), red1.AsUInt32()).CopyTo(y.Slice(i, 16));
                Vector256.Narrow(green0.AsUInt32(), green1.AsUInt32()).CopyTo(cb.Slice(i, 16));
                Vector256.Narrow(blue0.AsUInt32(), blue1.AsUInt32()).CopyTo(cr.Slice(i, 16));
            }
        }

        for (; i < y.Length; i++)
        {
            var yy = y[i];
            var b = cb[i] - center;
            var r = cr[i] - center;
            var red = yy + (((Fix1402 * r) + OneHalf) >> ScaleBits);
            var green = yy + ((-(Fix034414 * b) + OneHalf - (Fix071414 * r)) >> ScaleBits);
            var blue = yy + (((Fix1772 * b) + OneHalf) >> ScaleBits);
            y[i] = (ushort)Math.Clamp(red, 0, max);
            cb[i] = (ushort)Math.Clamp(green, 0, max);
            cr[i] = (ushort)Math.Clamp(blue, 0, max);
        }
    }

    private static void Convert(
        Vector256<int> y, Vector256<int> b, Vector256<int> r, Vector256<int> half, Vector256<int> max,
        out Vector256<int> red, out Vector256<int> green, out Vector256<int> blue)
    {
        red = Vector256.Clamp(y + Vector256.ShiftRightArithmetic((r * Fix1402) + half, ScaleBits), Vector256<int>.Zero, max);
        green = Vector256.Clamp(y + Vector256.ShiftRightArithmetic(half - (b * Fix034414) - (r * Fix071414), ScaleBits), Vector256<int>.Zero, max);
        blue = Vector256.Clamp(y + Vector256.ShiftRightArithmetic((b * Fix1772) + half, ScaleBits), Vector256<int>.Zero, max);
    }
}
