namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// The DICOM row of <see cref="ImageFile"/>: stored pixel values as an <see cref="Image"/> (one frame) or a
/// <see cref="Volume"/> (all frames, with geometry from PixelSpacing, SpacingBetweenSlices or SliceThickness,
/// ImagePositionPatient and ImageOrientationPatient). No rescale or window is applied; use
/// <see cref="DicomLut"/> for those.
/// </summary>
public static class DicomReader
{
    /// <summary>
    /// True for a PS3.10 file ("DICM" after the 128-byte preamble, or the customary all-zero preamble when fewer
    /// bytes are given), or for a headerless data set starting with a group 0008 element in implicit or explicit VR
    /// little endian.
    /// </summary>
    public static bool IsDicom(ReadOnlySpan<byte> head) =>
        (head.Length >= 132 && head[128..132].SequenceEqual("DICM"u8))
        || (head.Length >= 64 && !head[..64].ContainsAnyExcept((byte)0))
        || (head.Length >= 8 && head[0] == 0x08 && head[1] == 0x00 && head[3] == 0x00 && (head[4] is >= (byte)'A' and <= (byte)'Z' || head[6] == 0 && head[7] == 0));

    /// <summary>Reads a single-frame file with the default budgets.</summary>
    public static Image Read(string path) => Read(path, ReadOptions.Default);

    /// <summary>Reads a single-frame file: one channel per sample, stored values. Multi-frame files are an error naming <see cref="ReadVolume(string, ReadOptions)"/>.</summary>
    public static Image Read(string path, ReadOptions options)
    {
        var pixels = DicomFile.Read(path, options).PixelArray();
        return pixels.Frames == 1 ? pixels.ToImage()
            : throw new ImageFormatException(path, $"holds {pixels.Frames} frames; read them with ImageFile.ReadVolume or DicomFile.PixelArray().ToImage(frame)");
    }

    /// <summary>Reads every frame of a one-sample file as a volume (depth = NumberOfFrames).</summary>
    public static Volume ReadVolume(string path, ReadOptions options)
    {
        var file = DicomFile.Read(path, options);
        var pixels = file.PixelArray();
        if (pixels.SamplesPerPixel != 1)
        {
            throw new ImageFormatException(path, $"has {pixels.SamplesPerPixel} samples per pixel; a volume needs one");
        }

        var data = new float[pixels.Values.Length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)pixels.Values[i];
        }

        var (spacing, origin, direction) = Geometry(file.Dataset);
        return new Volume(pixels.Frames, pixels.Rows, pixels.Columns, data, spacing, origin, direction);
    }

    /// <summary>Header facts for <c>medvision inspect</c>; identifying attributes are left out.</summary>
    public static ImageInfo Inspect(string path, ReadOptions options)
    {
        var file = DicomFile.Read(path, options);
        var ds = file.Dataset;
        var frames = (long)(ds.GetNumber("NumberOfFrames") ?? 1);
        var bits = (int)(ds.GetNumber("BitsAllocated") ?? 0);
        var signed = ds.GetNumber("PixelRepresentation") == 1;
        var properties = new Dictionary<string, string> { ["transfer_syntax"] = file.TransferSyntax.Name };
        foreach (var keyword in new[] { "Modality", "PhotometricInterpretation", "BitsStored", "RescaleSlope", "RescaleIntercept", "WindowCenter", "WindowWidth", "PixelSpacing", "SliceThickness" })
        {
            if (ds[keyword] is { } e && !DicomRedaction.IsIdentifying(e.Tag, e.Vr) && e.GetString() is { Length: > 0 } text)
            {
                properties[keyword] = text;
            }
        }

        var (spacing, origin, _) = Geometry(ds);
        var type = bits switch { 1 => "bool", 8 => signed ? "int8" : "uint8", 16 => signed ? "int16" : "uint16", 32 => signed ? "int32" : "uint32", _ => "none" };
        IReadOnlyList<long> sizes = frames > 1
            ? [(long)(ds.GetNumber("Columns") ?? 0), (long)(ds.GetNumber("Rows") ?? 0), frames]
            : [(long)(ds.GetNumber("Columns") ?? 0), (long)(ds.GetNumber("Rows") ?? 0)];
        return new ImageInfo("DICOM", sizes, (int)(ds.GetNumber("SamplesPerPixel") ?? 1), type, spacing, origin, properties);
    }

    /// <summary>(x, y, z) spacing, origin and direction cosines of the image plane (PS3.3 C.7.6.2).</summary>
    private static (double[] Spacing, double[] Origin, double[] Direction) Geometry(DicomDataset ds)
    {
        var pixelSpacing = ds.GetNumbers("PixelSpacing") is { Length: 2 } ps ? ps : ds.GetNumbers("ImagerPixelSpacing") is { Length: 2 } ips ? ips : [1.0, 1.0];
        var dz = ds.GetNumber("SpacingBetweenSlices") ?? ds.GetNumber("SliceThickness") ?? 1.0;
        double[] spacing = [pixelSpacing[1], pixelSpacing[0], dz]; // PixelSpacing is (row spacing, column spacing)
        var origin = ds.GetNumbers("ImagePositionPatient") is { Length: 3 } ipp ? ipp : [0.0, 0, 0];
        double[] direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];
        if (ds.GetNumbers("ImageOrientationPatient") is { Length: 6 } o)
        {
            var n = new[] { (o[1] * o[5]) - (o[2] * o[4]), (o[2] * o[3]) - (o[0] * o[5]), (o[0] * o[4]) - (o[1] * o[3]) };
            direction = [o[0], o[3], n[0], o[1], o[4], n[1], o[2], o[5], n[2]];
        }

        return (spacing, origin, direction);
    }
}
