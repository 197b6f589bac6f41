using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// One data element: tag, VR and value. A sequence (SQ) holds <see cref="Items"/>; encapsulated pixel data holds
/// <see cref="Fragments"/> (the first item, the basic offset table, is kept apart in <see cref="OffsetTable"/>);
/// every other element keeps its raw value bytes, decoded on request by <see cref="GetString"/>,
/// <see cref="GetStrings"/> and <see cref="GetNumbers"/> according to its VR and the data set's byte order.
/// </summary>
public sealed class DicomElement
{
    internal DicomElement(DicomTag tag, string vr, ReadOnlyMemory<byte> value, bool bigEndian)
    {
        Tag = tag;
        Vr = vr;
        Value = value;
        BigEndian = bigEndian;
    }

    public DicomTag Tag { get; }

    /// <summary>The value representation ("US", "DS", "SQ", "OW", …); "UN" when unknown.</summary>
    public string Vr { get; }

    /// <summary>The raw value bytes (empty for sequences and encapsulated pixel data).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Numbers in <see cref="Value"/> are big-endian.</summary>
    public bool BigEndian { get; }

    /// <summary>Items of a sequence; null for other elements.</summary>
    public IReadOnlyList<DicomDataset>? Items { get; internal init; }

    /// <summary>Fragments of encapsulated pixel data (after the basic offset table); null for native data.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? Fragments { get; internal init; }

    /// <summary>Basic offset table of encapsulated pixel data: byte offsets of each frame's first fragment item; empty when absent.</summary>
    public IReadOnlyList<uint>? OffsetTable { get; internal init; }

    /// <summary>The standard keyword, or null outside the dictionary.</summary>
    public string? Keyword => Tag.Keyword;

    /// <summary>True for VRs whose value is text.</summary>
    public bool IsText => Vr is "AE" or "AS" or "CS" or "DA" or "DS" or "DT" or "IS" or "LO" or "LT" or "PN" or "SH" or "ST" or "TM" or "UC" or "UI" or "UR" or "UT";

    /// <summary>
    /// The value as text with trailing spaces and NULs removed (multiple values keep their backslashes). Text is
    /// read as ISO 8859-1 (a superset of the default repertoire; UTF-8 text in ISO_IR 192 files keeps its bytes).
    /// </summary>
    public string GetString()
    {
        if (!IsText)
        {
            return string.Join('\\', GetNumbers().Select(v => v.ToString(CultureInfo.InvariantCulture)));
        }

        var text = Encoding.Latin1.GetString(Value.Span);
        return Vr is "UI" ? text.TrimEnd('\0', ' ') : text.TrimEnd(' ', '\0');
    }

    /// <summary>The backslash-separated values, each trimmed of surrounding spaces.</summary>
    public string[] GetStrings()
    {
        var text = GetString();
        return text.Length == 0 ? [] : Array.ConvertAll(text.Split('\\'), s => s.Trim(' ', '\0'));
    }

    /// <summary>
    /// The values as numbers: DS and IS parsed as text; US, SS, UL, SL, UV, SV, FL, FD, AT and the OB/OW/OL/OF/OD
    /// families read as binary arrays in the data set's byte order. A malformed DS/IS value is an
    /// <see cref="ImageFormatException"/> naming the element.
    /// </summary>
    public double[] GetNumbers()
    {
        var span = Value.Span;
        switch (Vr)
        {
            case "DS" or "IS":
                return Array.ConvertAll(GetStrings(), s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                    ? v : throw new ImageFormatException("DICOM", $"{Tag} {Keyword} has {Vr} value '{s}', which is not a number"));
            case "US" or "OW":
                return Read(span, 2, s => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s));
            case "SS":
                return Read(span, 2, s => BigEndian ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s));
            case "UL" or "OL" or "AT":
                return Read(span, 4, s => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s));
            case "SL":
                return Read(span, 4, s => BigEndian ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s));
            case "FL" or "OF":
                return Read(span, 4, s => BigEndian ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s));
            case "FD" or "OD":
                return Read(span, 8, s => BigEndian ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s));
            case "UV" or "OV":
                return Read(span, 8, s => BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s));
            case "SV":
                return Read(span, 8, s => BigEndian ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s));
            default:
                return Read(span, 1, s => s[0]);
        }
    }

    /// <summary>A one-line description; identifying values (see <see cref="DicomRedaction"/>) are replaced by a marker.</summary>
    public override string ToString() => Describe(includeIdentifying: false);

    /// <summary>A one-line description, with identifying values only when <paramref name="includeIdentifying"/> is true.</summary>
    public string Describe(bool includeIdentifying)
    {
        var head = $"{Tag} {Vr} {Keyword ?? "?"}";
        if (Items is not null)
        {
            return $"{head}: {Items.Count} item(s)";
        }

        if (Fragments is not null)
        {
            return $"{head}: {Fragments.Count} fragment(s)";
        }

        if (!includeIdentifying && DicomRedaction.IsIdentifying(Tag, Vr))
        {
            return $"{head}: {DicomRedaction.Marker}";
        }

        if (!IsText && Value.Length > 64)
        {
            return $"{head}: {Value.Length} bytes";
        }

        var text = IsText ? GetString() : string.Join('\\', GetNumbers().Select(v => v.ToString(CultureInfo.InvariantCulture)));
        return $"{head}: {(text.Length > 80 ? text[..77] + "..." : text)}";
    }

    private static double[] Read(ReadOnlySpan<byte> span, int size, ReadValue read)
    {
        var values = new double[span.Length / size];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = read(span.Slice(i * size, size));
        }

        return values;
    }

    private delegate double ReadValue(ReadOnlySpan<byte> bytes);
}
