namespace MedVision.Imaging.Io.Dicom;

/// <summary>Options of <see cref="DicomFile.PixelArray(DicomPixelOptions)"/>.</summary>
public sealed record DicomPixelOptions
{
    /// <summary>
    /// Keep only the BitsStored bits that end at HighBit and sign-extend them when PixelRepresentation is 1
    /// (PS3.5 §8.1.1; what DCMTK, GDCM and pydicom 3 do). Default true. False keeps the whole BitsAllocated-bit
    /// word, as pydicom 2.3's <c>pixel_array</c>; the two agree on files whose unused bits are zero or a sign extension.
    /// </summary>
    public bool MaskBitsStored { get; init; } = true;
}
