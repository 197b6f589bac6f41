using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// Builds a <see cref="DicomDataset"/> to write with <see cref="DicomWriter"/>: attributes are set by keyword (VR from
/// <see cref="DicomDictionary"/>) and kept in tag order; setting an attribute twice replaces it. Values are checked
/// against their VR (PS3.5 §6.2: length limits, UID syntax, DS/IS ranges) and padded to even length as PS3.5 §7.1
/// requires (UI with NUL, other text with spaces, binary with a zero byte). Text is encoded in ISO 8859-1 unless
/// another encoding is given (UTF-8 for SpecificCharacterSet ISO_IR 192).
/// </summary>
public sealed class DicomDatasetBuilder
{
    private static readonly Dictionary<string, int> MaxLength = new(StringComparer.Ordinal)
    {
        ["AE"] = 16,
        ["AS"] = 4,
        ["CS"] = 16,
        ["DA"] = 8,
        ["DS"] = 16,
        ["IS"] = 12,
        ["LO"] = 64,
        ["SH"] = 16,
        ["TM"] = 14,
        ["UI"] = 64,
    };

    private readonly SortedDictionary<uint, DicomElement> _elements = [];
    private readonly Encoding _text;

    /// <summary>A builder whose text is ISO 8859-1 (or <paramref name="text"/>).</summary>
    public DicomDatasetBuilder(Encoding? text = null)
    {
        _text = text ?? Encoding.Latin1;
    }

    /// <summary>Sets a text attribute (AE, CS, DA, LO, PN, SH, TM, UI, UT, …); null or "" gives an empty (type 2) element; values are separated by backslashes.</summary>
    public DicomDatasetBuilder SetText(string keyword, string? value)
    {
        var (tag, vr) = Entry(keyword);
        if (!new DicomElement(tag, vr, default, false).IsText)
        {
            throw new ArgumentException($"{keyword} has VR {vr}, which is not text; use SetNumbers, SetBytes or SetSequence", nameof(keyword));
        }

        value ??= string.Empty;
        if (MaxLength.TryGetValue(vr, out var max))
        {
            foreach (var part in value.Split('\\'))
            {
                if (part.Length > max)
                {
                    throw new ArgumentException($"{keyword} (VR {vr}) values may have at most {max} characters, got {part.Length}: '{part}'", nameof(value));
                }

                if (vr == "UI" && part.Length > 0 && !DicomUid.IsValid(part))
                {
                    throw new ArgumentException($"{keyword} must be a UID (digits and single dots, no leading zeros), got '{part}'", nameof(value));
                }
            }
        }

        var bytes = (vr is "AE" or "AS" or "CS" or "DA" or "DS" or "IS" or "TM" or "UI" ? Encoding.ASCII : _text).GetBytes(value);
        return Put(new DicomElement(tag, vr, Pad(bytes, vr == "UI" ? (byte)0 : (byte)' '), false));
    }

    /// <summary>
    /// Sets a numeric attribute: DS as the shortest decimal text of at most 16 characters, IS as an integer, US, SS, UL,
    /// SL, FL, FD, UV and SV as little-endian binary. A value the VR cannot hold is an <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public DicomDatasetBuilder SetNumbers(string keyword, params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var (tag, vr) = Entry(keyword);
        if (vr is "DS" or "IS")
        {
            var text = string.Join('\\', values.Select(v => vr == "DS" ? DecimalString(keyword, v) : IntegerString(keyword, v)));
            return Put(new DicomElement(tag, vr, Pad(Encoding.ASCII.GetBytes(text), (byte)' '), false));
        }

        var size = vr switch { "US" or "SS" => 2, "UL" or "SL" or "FL" => 4, "FD" or "UV" or "SV" => 8, _ => 0 };
        if (size == 0)
        {
            throw new ArgumentException($"{keyword} has VR {vr}, which SetNumbers does not write; use SetText, SetBytes or SetSequence", nameof(keyword));
        }

        var bytes = new byte[size * values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            var span = bytes.AsSpan(i * size, size);
            switch (vr)
            {
                case "US": BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)Whole(keyword, v, ushort.MinValue, ushort.MaxValue))); break;
                case "SS": BinaryPrimitives.WriteInt16LittleEndian(span, checked((short)Whole(keyword, v, short.MinValue, short.MaxValue))); break;
                case "UL": BinaryPrimitives.WriteUInt32LittleEndian(span, checked((uint)Whole(keyword, v, uint.MinValue, uint.MaxValue))); break;
                case "SL": BinaryPrimitives.WriteInt32LittleEndian(span, checked((int)Whole(keyword, v, int.MinValue, int.MaxValue))); break;
                case "FL": BinaryPrimitives.WriteSingleLittleEndian(span, (float)v); break;
                case "FD": BinaryPrimitives.WriteDoubleLittleEndian(span, v); break;
                case "UV": BinaryPrimitives.WriteUInt64LittleEndian(span, checked((ulong)Whole(keyword, v, 0, ulong.MaxValue))); break;
                default: BinaryPrimitives.WriteInt64LittleEndian(span, checked((long)Whole(keyword, v, long.MinValue, long.MaxValue))); break;
            }
        }

        return Put(new DicomElement(tag, vr, bytes, false));
    }

    /// <summary>Sets a sequence (SQ) attribute; no items gives an empty (type 2) sequence.</summary>
    public DicomDatasetBuilder SetSequence(string keyword, params DicomDataset[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var (tag, vr) = Entry(keyword);
        return vr == "SQ"
            ? Put(new DicomElement(tag, vr, default, false) { Items = items })
            : throw new ArgumentException($"{keyword} has VR {vr}, not SQ", nameof(keyword));
    }

    /// <summary>Sets a binary attribute (OB, OW, OL, OF, OD, OV, UN) to raw little-endian bytes, e.g. native PixelData.</summary>
    public DicomDatasetBuilder SetBytes(string keyword, ReadOnlyMemory<byte> value, string? vr = null)
    {
        var (tag, listed) = Entry(keyword);
        vr ??= listed;
        if (vr is not ("OB" or "OW" or "OL" or "OF" or "OD" or "OV" or "UN"))
        {
            throw new ArgumentException($"{keyword} as VR {vr} is not a byte string; SetBytes writes OB, OW, OL, OF, OD, OV or UN", nameof(vr));
        }

        if (vr is "OW" && value.Length % 2 != 0)
        {
            throw new ArgumentException($"{keyword} (OW) needs an even number of bytes, got {value.Length}", nameof(value));
        }

        return Put(new DicomElement(tag, vr, Pad(value.ToArray(), 0), false));
    }

    /// <summary>Copies <paramref name="element"/> as it is (value, VR, items), e.g. from a data set that was read.</summary>
    public DicomDatasetBuilder Copy(DicomElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return Put(element);
    }

    /// <summary>Copies the attributes of <paramref name="keywords"/> that <paramref name="source"/> has; absent ones are skipped.</summary>
    public DicomDatasetBuilder Copy(DicomDataset source, params string[] keywords)
    {
        ArgumentNullException.ThrowIfNull(source);
        foreach (var keyword in keywords)
        {
            if (source[keyword] is { } e)
            {
                Put(e);
            }
        }

        return this;
    }

    /// <summary>True when the attribute has been set.</summary>
    public bool Contains(string keyword) => _elements.ContainsKey(DicomDictionary.TagOf(keyword).Value);

    /// <summary>The data set, elements in ascending tag order.</summary>
    public DicomDataset Build() => new([.. _elements.Values]);

    /// <summary>
    /// The shortest decimal text of <paramref name="value"/> that fits DS's 16 characters: round-trip text when it fits,
    /// else fewer significant digits. NaN and infinities are an error (DS has no text for them).
    /// </summary>
    public static string DecimalString(string keyword, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"{keyword} (DS) must be finite");
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        for (var digits = 15; text.Length > 16 && digits > 0; digits--)
        {
            text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return text;
    }

    private static string IntegerString(string keyword, double value) =>
        ((long)Whole(keyword, value, int.MinValue, int.MaxValue)).ToString(CultureInfo.InvariantCulture);

    private static double Whole(string keyword, double value, double min, double max) =>
        value == Math.Floor(value) && value >= min && value <= max ? value
        : throw new ArgumentOutOfRangeException(nameof(value), value, $"{keyword} needs a whole number in [{min}, {max}]");

    private static (DicomTag Tag, string Vr) Entry(string keyword)
    {
        var entry = DicomDictionary.Find(keyword)
            ?? throw new ArgumentException($"'{keyword}' is not a keyword of MedVision's DICOM dictionary", nameof(keyword));
        return (new DicomTag(entry.Tag), entry.Vr);
    }

    private static byte[] Pad(byte[] bytes, byte pad)
    {
        if (bytes.Length % 2 == 0)
        {
            return bytes;
        }

        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = pad;
        return padded;
    }

    private DicomDatasetBuilder Put(DicomElement element)
    {
        _elements[element.Tag.Value] = element;
        return this;
    }
}
