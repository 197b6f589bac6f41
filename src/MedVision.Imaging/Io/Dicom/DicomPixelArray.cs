namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// The stored pixel values of a DICOM file, decoded but not transformed (no rescale, no window, no colour
/// conversion; what pydicom's <c>pixel_array</c> holds): <see cref="Frames"/> × <see cref="SamplesPerPixel"/> planes
/// of <see cref="Rows"/> × <see cref="Columns"/>, in (frame, sample, row, column) order. Values are exact
/// (doubles hold every 32-bit integer).
/// </summary>
/// <param name="Frames">NumberOfFrames (1 when absent).</param>
/// <param name="Rows">Rows.</param>
/// <param name="Columns">Columns.</param>
/// <param name="SamplesPerPixel">1 (monochrome, palette) or 3 (RGB, YBR).</param>
/// <param name="PhotometricInterpretation">As stored; JPEG YBR data stays YBR, as in pydicom.</param>
/// <param name="Values">(frame, sample, row, column) values.</param>
public sealed record DicomPixelArray(int Frames, int Rows, int Columns, int SamplesPerPixel, string PhotometricInterpretation, double[] Values)
{
    /// <summary>Value of (frame, row, column, sample): pydicom's index order.</summary>
    public double this[int frame, int row, int column, int sample] =>
        Values[((((frame * SamplesPerPixel) + sample) * Rows) + row) * Columns + column];

    /// <summary>Frame <paramref name="frame"/> as a float image with one channel per sample.</summary>
    public Image ToImage(int frame = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, Frames);
        var size = SamplesPerPixel * Rows * Columns;
        var data = new float[size];
        var src = Values.AsSpan(frame * size, size);
        for (var i = 0; i < size; i++)
        {
            data[i] = (float)src[i];
        }

        return new Image(SamplesPerPixel, Rows, Columns, data);
    }
}
