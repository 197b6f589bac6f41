using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using MedVision.Io;

namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// Parses PS3.10 files and headerless data sets (PS3.5 §7): the 128-byte preamble and "DICM", the file meta
/// group (explicit VR little endian), then the data set in its transfer syntax (implicit or explicit VR, little
/// or big endian, deflated). Sequences and items of defined and undefined length nest up to
/// <see cref="MaxDepth"/> levels; encapsulated pixel data is split into its offset table and fragments. Every
/// length is checked against the bytes present before anything is sliced or allocated.
/// </summary>
internal sealed class DicomParser
{
    /// <summary>Deepest nesting of sequences accepted; deeper files are treated as hostile.</summary>
    public const int MaxDepth = 32;

    private static readonly HashSet<string> Vrs =
    [
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH",
        "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
    ];

    private static readonly HashSet<string> LongVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"];

    private readonly ReadOnlyMemory<byte> _data;
    private readonly string _name;
    private readonly bool _explicitVr;
    private readonly bool _bigEndian;

    private DicomParser(ReadOnlyMemory<byte> data, string name, bool explicitVr, bool bigEndian)
    {
        _data = data;
        _name = name;
        _explicitVr = explicitVr;
        _bigEndian = bigEndian;
    }

    /// <summary>Parses a whole file held in <paramref name="bytes"/>.</summary>
    public static DicomFile ParseFile(byte[] bytes, string name, ReadOptions options)
    {
        var hasPreamble = bytes.Length >= 132 && bytes.AsSpan(128, 4).SequenceEqual("DICM"u8);
        var pos = hasPreamble ? 132 : 0;
        var meta = new List<DicomElement>();
        var metaParser = new DicomParser(bytes, name, true, false);
        while (bytes.Length - pos >= 8 && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(pos)) == 0x0002)
        {
            pos = metaParser.ParseElement(pos, bytes.Length, meta, 0);
        }

        var metaSet = new DicomDataset(meta);
        if (!hasPreamble && meta.Count == 0 && !LooksLikeDataSet(bytes))
        {
            throw new ImageFormatException(name, "not a DICOM file: no 'DICM' at byte 128 and no data element at the start");
        }

        var syntax = metaSet["TransferSyntaxUID"] is { } ts && ts.GetString() is { Length: > 0 } uid
            ? DicomTransferSyntax.FromUid(uid)
            : Guess(bytes.AsSpan(pos));
        ReadOnlyMemory<byte> body = bytes.AsMemory(pos);
        if (syntax.Deflated)
        {
            body = Inflate(bytes.AsMemory(pos), name, options);
        }

        var parser = new DicomParser(body, name, syntax.ExplicitVr, syntax.BigEndian);
        var elements = new List<DicomElement>();
        var at = 0;
        while (at < body.Length)
        {
            at = parser.ParseElement(at, body.Length, elements, 0);
        }

        return new DicomFile(name, hasPreamble, metaSet, new DicomDataset(elements), syntax, options);
    }

    /// <summary>True when the bytes start like a data element of group 0002–0028 in either byte order (headerless files).</summary>
    private static bool LooksLikeDataSet(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
        {
            return false;
        }

        var le = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        var be = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        return le is >= 0x0002 and <= 0x0028 || be is >= 0x0002 and <= 0x0028;
    }

    /// <summary>Transfer syntax of a data set without a meta group, from its first element (as pydicom and DCMTK guess).</summary>
    private static DicomTransferSyntax Guess(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
        {
            return DicomTransferSyntax.ImplicitVrLittleEndian;
        }

        var explicitVr = Vrs.Contains(Encoding.ASCII.GetString(bytes.Slice(4, 2)));
        var bigEndian = BinaryPrimitives.ReadUInt16BigEndian(bytes) < BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        return !explicitVr ? DicomTransferSyntax.ImplicitVrLittleEndian
            : bigEndian ? DicomTransferSyntax.ExplicitVrBigEndian : DicomTransferSyntax.ExplicitVrLittleEndian;
    }

    /// <summary>
    /// The inflated data set, never more than <see cref="ReadOptions.MaxBytes"/> bytes (nor more than deflate's best
    /// ratio allows for the compressed size): inflation stops at the cap instead of growing without bound.
    /// </summary>
    private static byte[] Inflate(ReadOnlyMemory<byte> compressed, string name, ReadOptions options)
    {
        var limit = Math.Min(options.MaxBytes, Deflate.MaxInflatedSize(compressed.Length));
        try
        {
            using var input = new DeflateStream(new MemoryStream(compressed.ToArray(), false), CompressionMode.Decompress);
            return BoundedRead.ToEnd(input, limit, $"{ReadOptions.Budget}, and deflate's best ratio for {compressed.Length} compressed bytes", "deflated data set", ReadOptions.Fail(name));
        }
        catch (InvalidDataException e)
        {
            throw new ImageFormatException(name, "deflated data set is corrupt: " + e.Message, e);
        }
    }

    private ushort U16(int pos, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_data.Span[pos..]) : BinaryPrimitives.ReadUInt16LittleEndian(_data.Span[pos..]);

    private uint U32(int pos, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(_data.Span[pos..]) : BinaryPrimitives.ReadUInt32LittleEndian(_data.Span[pos..]);

    private DicomTag Tag(int pos) => new(U16(pos, _bigEndian), U16(pos + 2, _bigEndian));

    /// <summary>Parses the element at <paramref name="pos"/> (which must end by <paramref name="end"/>) into <paramref name="into"/>; returns the position after it.</summary>
    private int ParseElement(int pos, int end, List<DicomElement> into, int depth)
    {
        if (end - pos < 8)
        {
            throw Error($"truncated: {end - pos} byte(s) at offset {pos} cannot hold an element header");
        }

        var tag = Tag(pos);
        if (tag.Group == 0xFFFE)
        {
            throw Error($"unexpected item tag {tag} at offset {pos} outside a sequence");
        }

        var span = _data.Span;
        string vr;
        long length;
        int header;
        var vrText = string.Create(2, (span[pos + 4], span[pos + 5]), (c, b) => { c[0] = (char)b.Item1; c[1] = (char)b.Item2; });
        if (_explicitVr && Vrs.Contains(vrText))
        {
            vr = vrText;
            if (LongVrs.Contains(vr))
            {
                if (end - pos < 12)
                {
                    throw Error($"truncated: element {tag} at offset {pos} has no room for its 4-byte length");
                }

                length = U32(pos + 8, _bigEndian);
                header = 12;
            }
            else
            {
                length = U16(pos + 6, _bigEndian);
                header = 8;
            }
        }
        else
        {
            // Implicit VR, or an explicit-VR file that holds an implicit element (pydicom reads these too).
            vr = DicomDictionary.Find(tag)?.Vr ?? "UN";
            length = U32(pos + 4, _bigEndian);
            header = 8;
        }

        pos += header;
        var keyword = tag.Keyword ?? "private or unknown";
        if (length == 0xFFFFFFFF)
        {
            if (tag == DicomTag.PixelData)
            {
                return ParseEncapsulated(pos, end, into, tag, vr);
            }

            if (vr is "SQ" or "UN")
            {
                // An undefined-length UN is a sequence encoded in implicit VR little endian (PS3.5 §6.2.2).
                var parser = vr == "UN" ? new DicomParser(_data, _name, false, false) : this;
                var items = new List<DicomDataset>();
                pos = parser.ParseItems(pos, end, undefinedLength: true, items, depth + 1);
                into.Add(new DicomElement(tag, "SQ", ReadOnlyMemory<byte>.Empty, _bigEndian) { Items = items });
                return pos;
            }

            throw Error($"element {tag} ({keyword}, VR {vr}) has undefined length, allowed only for sequences and pixel data");
        }

        if (length > end - pos)
        {
            throw Error($"truncated: element {tag} ({keyword}) at offset {pos - header} claims {length} bytes, {end - pos} remain");
        }

        var size = (int)length;
        var itemParser = this;
        if (vr == "UN" && DicomDictionary.Find(tag) is { } known)
        {
            // A UN element of a known attribute takes its dictionary VR (as pydicom does); a UN sequence is implicit VR LE.
            vr = known.Vr;
            itemParser = vr == "SQ" ? new DicomParser(_data, _name, false, false) : this;
        }

        if (vr == "SQ")
        {
            var items = new List<DicomDataset>();
            itemParser.ParseItems(pos, pos + size, undefinedLength: false, items, depth + 1);
            into.Add(new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty, _bigEndian) { Items = items });
        }
        else
        {
            into.Add(new DicomElement(tag, vr, _data.Slice(pos, size), _bigEndian));
        }

        return pos + size;
    }

    /// <summary>Parses sequence items from <paramref name="pos"/>; returns the position after the sequence.</summary>
    private int ParseItems(int pos, int end, bool undefinedLength, List<DicomDataset> items, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error($"sequences nest deeper than {MaxDepth} levels");
        }

        while (pos < end)
        {
            if (end - pos < 8)
            {
                throw Error($"truncated: sequence item header at offset {pos}");
            }

            var tag = Tag(pos);
            var length = U32(pos + 4, _bigEndian);
            pos += 8;
            if (tag == DicomTag.SequenceDelimitation)
            {
                return pos;
            }

            if (tag != DicomTag.Item)
            {
                throw Error($"expected an item (FFFE,E000) at offset {pos - 8}, found {tag}");
            }

            var elements = new List<DicomElement>();
            if (length == 0xFFFFFFFF)
            {
                while (true)
                {
                    if (end - pos >= 8 && Tag(pos) == DicomTag.ItemDelimitation)
                    {
                        pos += 8;
                        break;
                    }

                    if (pos >= end)
                    {
                        throw Error("truncated: an item of undefined length has no item delimiter");
                    }

                    pos = ParseElement(pos, end, elements, depth);
                }
            }
            else
            {
                if (length > end - pos)
                {
                    throw Error($"truncated: sequence item at offset {pos - 8} claims {length} bytes, {end - pos} remain");
                }

                var itemEnd = pos + (int)length;
                while (pos < itemEnd)
                {
                    pos = ParseElement(pos, itemEnd, elements, depth);
                }
            }

            items.Add(new DicomDataset(elements));
        }

        return undefinedLength ? throw Error("truncated: a sequence of undefined length has no sequence delimiter") : pos;
    }

    /// <summary>Encapsulated pixel data (PS3.5 A.4): a basic offset table item, fragment items, a sequence delimiter.</summary>
    private int ParseEncapsulated(int pos, int end, List<DicomElement> into, DicomTag tag, string vr)
    {
        var fragments = new List<ReadOnlyMemory<byte>>();
        uint[]? offsets = null;
        while (true)
        {
            if (end - pos < 8)
            {
                throw Error("truncated: encapsulated pixel data ends without a sequence delimiter");
            }

            var item = Tag(pos);
            var length = U32(pos + 4, _bigEndian);
            pos += 8;
            if (item == DicomTag.SequenceDelimitation)
            {
                break;
            }

            if (item != DicomTag.Item || length > end - pos)
            {
                throw Error(item != DicomTag.Item
                    ? $"expected a pixel data fragment item at offset {pos - 8}, found {item}"
                    : $"truncated: pixel data fragment at offset {pos - 8} claims {length} bytes, {end - pos} remain");
            }

            var value = _data.Slice(pos, (int)length);
            pos += (int)length;
            if (offsets is null)
            {
                offsets = new uint[length / 4];
                for (var i = 0; i < offsets.Length; i++)
                {
                    offsets[i] = BinaryPrimitives.ReadUInt32LittleEndian(value.Span[(4 * i)..]);
                }
            }
            else
            {
                fragments.Add(value);
            }
        }

        into.Add(new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty, _bigEndian) { Fragments = fragments, OffsetTable = offsets ?? [] });
        return pos;
    }

    private ImageFormatException Error(string message) => new(_name, message);
}
