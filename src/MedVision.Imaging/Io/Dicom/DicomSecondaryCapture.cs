namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// Secondary Capture Image Storage instances (SOP class 1.2.840.10008.5.1.4.1.1.7, PS3.3 A.8.1) derived from a source
/// image: patient and study copied from the source, a new series (Modality OT), the SC Equipment module with
/// Conversion Type WSD (workstation), the General Image module with Image Type DERIVED\SECONDARY, a Derivation
/// Description and a Source Image Sequence that references the source instance, and 8-bit pixels: RGB with
/// Planar Configuration 0 (colour-by-pixel) or MONOCHROME2.
/// </summary>
public static class DicomSecondaryCapture
{
    /// <summary>SOP Class UID of Secondary Capture Image Storage.</summary>
    public const string SopClassUid = "1.2.840.10008.5.1.4.1.1.7";

    /// <summary>
    /// The SC data set of <paramref name="image"/> (1 channel: MONOCHROME2; 3 channels: RGB; values in 0–255, rounded and
    /// clamped) derived from <paramref name="source"/>, with <paramref name="derivation"/> as Derivation Description
    /// (at most 1024 characters).
    /// </summary>
    public static DicomDataset Create(DicomDataset source, Image image, DicomDerivedInstance instance, string derivation)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentException.ThrowIfNullOrEmpty(derivation);
        if (image.Channels is not (1 or 3))
        {
            throw new ArgumentException($"a secondary capture holds 1 (grey) or 3 (RGB) channels, got {image.Channels}", nameof(image));
        }

        if (derivation.Length > 1024)
        {
            throw new ArgumentException($"derivation must have at most 1024 characters (ST), got {derivation.Length}", nameof(derivation));
        }

        var reference = DicomInstanceReference.Of(source);
        // (C, H, W) planes → colour-by-pixel bytes: R G B R G B … (Planar Configuration 0).
        var pixels = new byte[image.Data.Length];
        var plane = image.PlaneSize;
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < image.Channels; c++)
            {
                pixels[(i * image.Channels) + c] = (byte)Math.Clamp(MathF.Round(image.Data[(c * plane) + i]), 0, 255);
            }
        }

        var builder = instance.Start(source, SopClassUid, "OT")
            .SetText("ConversionType", "WSD")
            .SetText("ImageType", @"DERIVED\SECONDARY")
            .SetText("DerivationDescription", derivation)
            .SetSequence("SourceImageSequence", DicomDerivedInstance.SopReference(reference)
                .SetSequence("PurposeOfReferenceCodeSequence", DicomDerivedInstance.Code("121322", "DCM", "Source image for image processing operation"))
                .Build())
            .SetText("BurnedInAnnotation", "NO")
            .SetText("LossyImageCompression", "00")
            .SetText("PatientOrientation", source.GetString("PatientOrientation"))
            .SetNumbers("SamplesPerPixel", image.Channels)
            .SetText("PhotometricInterpretation", image.Channels == 3 ? "RGB" : "MONOCHROME2")
            .SetNumbers("Rows", image.Height)
            .SetNumbers("Columns", image.Width)
            .SetNumbers("BitsAllocated", 8)
            .SetNumbers("BitsStored", 8)
            .SetNumbers("HighBit", 7)
            .SetNumbers("PixelRepresentation", 0)
            .SetBytes("PixelData", pixels, "OB");
        if (image.Channels == 3)
        {
            builder.SetNumbers("PlanarConfiguration", 0);
        }

        return builder.Build();
    }
}
