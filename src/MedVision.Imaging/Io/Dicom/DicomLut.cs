using System.Buffers.Binary;

namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// The two grayscale transforms of the DICOM pipeline, kept separate from reading so that stored values stay
/// available: the modality transform (PS3.3 C.11.1: a Modality LUT Sequence, or <c>value · RescaleSlope +
/// RescaleIntercept</c>, e.g. CT Hounsfield units; pydicom's <c>apply_modality_lut</c>) and the VOI transform
/// (PS3.3 C.11.2: a VOI LUT Sequence item or a window; pydicom's <c>apply_voi_lut</c> and <c>apply_windowing</c>,
/// computed in double precision).
/// </summary>
/// <remarks>
/// A lookup table item holds LUTDescriptor (number of entries, 0 meaning 65536; first stored value mapped, read as
/// signed when PixelRepresentation is 1; bits per entry, 8–16) and LUTData (16-bit words in the data set's byte
/// order, US or OW). A value below the first mapped one takes entry 0, a value past the last entry the last entry;
/// 8-bit entries keep the low byte of their word. LUTData with more or fewer words than the descriptor promises,
/// or a descriptor outside those ranges, is an <see cref="ImageFormatException"/> naming the file and the item.
/// </remarks>
public static class DicomLut
{
    /// <summary>
    /// pydicom's <c>apply_modality_lut</c>: the first item of ModalityLUTSequence when present, else the rescale
    /// when RescaleSlope and RescaleIntercept are both present, else a copy of <paramref name="image"/>.
    /// </summary>
    public static Image Modality(Image image, DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(file);
        var dataset = file.Dataset;
        var items = dataset.GetItems("ModalityLUTSequence");
        if (items.Count > 0)
        {
            return Lookup(image, items[0], Signed(dataset), file.Name, "ModalityLUTSequence item 1");
        }

        return dataset.Contains("RescaleSlope") && dataset.Contains("RescaleIntercept") ? Rescale(image, dataset) : image.Clone();
    }

    /// <summary>
    /// pydicom's <c>apply_voi_lut</c>: VOILUTSequence item <paramref name="index"/> when the sequence's first item
    /// has LUTDescriptor and LUTData, else window <paramref name="index"/> (<see cref="Window(Image, DicomDataset, int)"/>)
    /// when WindowCenter and WindowWidth are present, else a copy. With both, <paramref name="preferLut"/> picks the
    /// table (default) or the window. Expects the output of <see cref="Modality"/>.
    /// </summary>
    public static Image Voi(Image image, DicomFile file, int index = 0, bool preferLut = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(file);
        var dataset = file.Dataset;
        var items = dataset.GetItems("VOILUTSequence");
        var hasLut = items.Count > 0 && items[0].Contains("LUTDescriptor") && items[0].Contains("LUTData");
        var hasWindow = dataset.Contains("WindowCenter") && dataset.Contains("WindowWidth");
        if (hasLut && (preferLut || !hasWindow))
        {
            if (index < 0 || index >= items.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"{file.Name} has {items.Count} VOILUTSequence items");
            }

            return Lookup(image, items[index], Signed(dataset), file.Name, $"VOILUTSequence item {index + 1}");
        }

        return hasWindow ? Window(image, dataset, index) : image.Clone();
    }

    /// <summary>
    /// Maps every value of <paramref name="image"/> through the lookup table of <paramref name="item"/> (a Modality
    /// or VOI LUT Sequence item); <paramref name="signedFirstMapped"/> reads the descriptor's second value as SS.
    /// <paramref name="name"/> and <paramref name="where"/> name the file and the item in errors.
    /// </summary>
    public static Image Lookup(Image image, DicomDataset item, bool signedFirstMapped, string name, string where)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(item);
        var (entries, firstMapped, lut) = ReadTable(item, signedFirstMapped, name, where);
        var data = new float[image.Data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            // numpy's float → unsigned cast truncates; values below the first mapped one take entry 0.
            double offset = image.Data[i] >= firstMapped ? Math.Truncate(image.Data[i] - firstMapped) : 0;
            data[i] = lut[(int)Math.Min(offset, entries - 1)];
        }

        return new Image(image.Channels, image.Height, image.Width, data);
    }

    private static bool Signed(DicomDataset dataset) => dataset.GetNumber("PixelRepresentation") == 1;

    private static (int Entries, int FirstMapped, float[] Table) ReadTable(DicomDataset item, bool signedFirstMapped, string name, string where)
    {
        var descriptor = item["LUTDescriptor"]?.Value ?? throw new ImageFormatException(name, $"{where} has no LUTDescriptor");
        var data = item["LUTData"] ?? throw new ImageFormatException(name, $"{where} has no LUTData");
        if (descriptor.Length != 6)
        {
            throw new ImageFormatException(name, $"{where}: LUTDescriptor must be three 16-bit values (6 bytes), got {descriptor.Length} bytes");
        }

        var words = descriptor.Span;
        var bigEndian = item["LUTDescriptor"]!.BigEndian;
        var entries = Word(words, 0, bigEndian) is var count and > 0 ? count : 65536;
        var firstMapped = signedFirstMapped ? (short)Word(words, 1, bigEndian) : Word(words, 1, bigEndian);
        var bits = Word(words, 2, bigEndian);
        if (bits is < 8 or > 16)
        {
            throw new ImageFormatException(name, $"{where}: LUTDescriptor bits per entry must be 8–16, got {bits}");
        }

        var raw = data.Value.Span;
        if (raw.Length != 2 * entries)
        {
            throw new ImageFormatException(name, $"{where}: LUTData holds {raw.Length} bytes, LUTDescriptor promises {entries} 16-bit entries ({2 * entries} bytes)");
        }

        var mask = bits == 8 ? 0xFF : 0xFFFF;
        var table = new float[entries];
        for (var i = 0; i < entries; i++)
        {
            table[i] = Word(raw, i, data.BigEndian) & mask;
        }

        return (entries, firstMapped, table);
    }

    private static int Word(ReadOnlySpan<byte> bytes, int index, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes[(2 * index)..]) : BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * index)..]);

    /// <summary>A new image of <c>x · slope + intercept</c>.</summary>
    public static Image Rescale(Image image, double slope, double intercept)
    {
        ArgumentNullException.ThrowIfNull(image);
        var data = new float[image.Data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)((image.Data[i] * slope) + intercept);
        }

        return new Image(image.Channels, image.Height, image.Width, data);
    }

    /// <summary>Rescale with the data set's RescaleSlope and RescaleIntercept (1 and 0 when absent).</summary>
    public static Image Rescale(Image image, DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Rescale(image, dataset.GetNumber("RescaleSlope") ?? 1, dataset.GetNumber("RescaleIntercept") ?? 0);
    }

    /// <summary>
    /// Applies a window of centre <paramref name="center"/> and width <paramref name="width"/> mapping onto
    /// [<paramref name="yMin"/>, <paramref name="yMax"/>] (default 0–255, for display).
    /// </summary>
    public static Image Window(Image image, double center, double width, double yMin = 0, double yMax = 255, DicomVoiFunction function = DicomVoiFunction.Linear)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (function == DicomVoiFunction.Linear ? width < 1 : width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, function == DicomVoiFunction.Linear ? "a LINEAR window needs width ≥ 1" : "the window width must be > 0");
        }

        var range = yMax - yMin;
        if (function == DicomVoiFunction.Linear)
        {
            center -= 0.5;
            width -= 1;
        }

        var data = new float[image.Data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            double x = image.Data[i];
            data[i] = function == DicomVoiFunction.Sigmoid
                ? (float)((range / (1 + Math.Exp(-4 * (x - center) / width))) + yMin)
                : x <= center - (width / 2) ? (float)yMin
                : x > center + (width / 2) ? (float)yMax
                : (float)((((x - center) / width) + 0.5) * range + yMin);
        }

        return new Image(image.Channels, image.Height, image.Width, data);
    }

    /// <summary>
    /// Window number <paramref name="index"/> of the data set (WindowCenter, WindowWidth, VOILUTFunction) onto the
    /// range pydicom's <c>apply_windowing</c> uses: the stored range from BitsStored and PixelRepresentation, passed
    /// through the rescale when RescaleSlope and RescaleIntercept are present. Expects rescaled values in that case.
    /// </summary>
    public static Image Window(Image image, DicomDataset dataset, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var center = dataset.GetNumber("WindowCenter", index) ?? throw new ArgumentException($"the data set has no WindowCenter value {index}", nameof(dataset));
        var width = dataset.GetNumber("WindowWidth", index) ?? throw new ArgumentException($"the data set has no WindowWidth value {index}", nameof(dataset));
        var bits = (int)(dataset.GetNumber("BitsStored") ?? dataset.GetNumber("BitsAllocated") ?? 16);
        var signed = dataset.GetNumber("PixelRepresentation") == 1;
        double yMin = signed ? -Math.Pow(2, bits - 1) : 0;
        var yMax = signed ? Math.Pow(2, bits - 1) - 1 : Math.Pow(2, bits) - 1;
        if (dataset.GetNumber("RescaleSlope") is { } slope && dataset.GetNumber("RescaleIntercept") is { } intercept)
        {
            yMin = (yMin * slope) + intercept;
            yMax = (yMax * slope) + intercept;
        }

        var function = dataset.GetString("VOILUTFunction")?.ToUpperInvariant() switch
        {
            null or "LINEAR" => DicomVoiFunction.Linear,
            "LINEAR_EXACT" => DicomVoiFunction.LinearExact,
            "SIGMOID" => DicomVoiFunction.Sigmoid,
            var other => throw new ArgumentException($"VOILUTFunction '{other}' is not LINEAR, LINEAR_EXACT or SIGMOID", nameof(dataset)),
        };
        return Window(image, center, width, yMin, yMax, function);
    }
}
