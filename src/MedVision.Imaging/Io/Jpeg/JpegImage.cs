namespace MedVision.Imaging.Io.Jpeg;

/// <summary>
/// A decoded JPEG: <see cref="Components"/> planes of <see cref="Height"/> × <see cref="Width"/> samples in
/// (C, H, W) order, each 0 … 2^<see cref="Precision"/> − 1. Colour data is RGB (or CMYK in Pillow's inverted
/// Adobe polarity) unless <see cref="ColorConverted"/> is false (then the stored components, e.g. Y, Cb, Cr).
/// </summary>
/// <param name="Width">Samples per row.</param>
/// <param name="Height">Rows.</param>
/// <param name="Components">1 (gray), 3 (colour) or 4 (CMYK).</param>
/// <param name="Precision">Bits per sample: 8 or 12.</param>
/// <param name="Progressive">True for a progressive (SOF2) stream.</param>
/// <param name="ColorConverted">True when YCbCr was converted to RGB or CMYK inverted.</param>
/// <param name="YCbCrCoded">True when libjpeg would treat three components as YCbCr (JFIF, Adobe transform ≠ 0, or ids other than 'R','G','B').</param>
/// <param name="AdobeTransform">The transform flag of an Adobe APP14 marker, or −1 without one.</param>
/// <param name="Samples">(C, H, W) samples.</param>
public sealed record JpegImage(
    int Width, int Height, int Components, int Precision, bool Progressive, bool ColorConverted, bool YCbCrCoded, int AdobeTransform, ushort[] Samples)
{
    /// <summary>The samples as a float image of the same values (0–255 for 8-bit data, 0–4095 for 12-bit).</summary>
    public Image ToImage()
    {
        var data = new float[Samples.Length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = Samples[i];
        }

        return new Image(Components, Height, Width, data);
    }
}
