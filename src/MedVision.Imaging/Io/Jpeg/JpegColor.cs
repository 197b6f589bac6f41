namespace MedVision.Imaging.Io.Jpeg;

/// <summary>
/// libjpeg's YCbCr → RGB conversion (<c>jdcolor.c</c>, <c>ycc_rgb_convert</c>): JFIF (ITU-R BT.601 full
/// range) with 16-bit fixed-point tables and the same rounding, so outputs are bit-identical to libjpeg's.
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

    /// <summary>Converts three planes of Y, Cb, Cr in place to R, G, B.</summary>
    public static void YCbCrToRgb(Span<ushort> y, Span<ushort> cb, Span<ushort> cr, int precision)
    {
        var center = 1 << (precision - 1);
        var max = (1 << precision) - 1;
        for (var i = 0; i < y.Length; i++)
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
}
