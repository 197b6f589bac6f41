using System.Buffers.Binary;

namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// Writes PS3.10 files in Explicit VR Little Endian (1.2.840.10008.1.2.1): the 128-byte zero preamble, "DICM", the
/// file meta group (PS3.10 §7.1: group length, version 00\01, Media Storage SOP Class and Instance UIDs taken from the
/// data set's SOPClassUID and SOPInstanceUID, Transfer Syntax UID, <see cref="DicomUid.ImplementationClass"/> and
/// version name), then the data set in tag order. Sequences and items are written with undefined length and
/// delimiters (PS3.5 §7.5). Elements read from big-endian files are byte-swapped; encapsulated pixel data cannot be
/// written in this syntax and is an error. The inverse of <see cref="DicomFile.Parse"/>.
/// </summary>
public static class DicomWriter
{
    private static readonly HashSet<string> LongVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"];

    /// <summary>The file bytes of <paramref name="dataset"/>, which must hold SOPClassUID and SOPInstanceUID.</summary>
    public static byte[] Encode(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var sopClass = dataset.GetString("SOPClassUID");
        var sopInstance = dataset.GetString("SOPInstanceUID");
        if (!DicomUid.IsValid(sopClass) || !DicomUid.IsValid(sopInstance))
        {
            throw new ArgumentException($"the data set needs valid SOPClassUID and SOPInstanceUID to be written as a file, got '{sopClass}' and '{sopInstance}'", nameof(dataset));
        }

        var meta = new DicomDatasetBuilder()
            .SetBytes("FileMetaInformationVersion", new byte[] { 0, 1 })
            .SetText("MediaStorageSOPClassUID", sopClass)
            .SetText("MediaStorageSOPInstanceUID", sopInstance)
            .SetText("TransferSyntaxUID", DicomTransferSyntax.ExplicitVrLittleEndian.Uid)
            .SetText("ImplementationClassUID", DicomUid.ImplementationClass)
            .SetText("ImplementationVersionName", DicomUid.ImplementationVersion)
            .Build();
        using var metaBody = new MemoryStream();
        WriteElements(metaBody, meta);

        using var output = new MemoryStream();
        output.Write(new byte[128]);
        output.Write("DICM"u8);
        var groupLength = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength, checked((uint)metaBody.Length));
        WriteElement(output, new DicomElement(DicomDictionary.TagOf("FileMetaInformationGroupLength"), "UL", groupLength, false));
        metaBody.WriteTo(output);
        if (dataset.Elements.Any(e => e.Tag.Group == 0x0002))
        {
            throw new ArgumentException("the data set holds file meta (group 0002) elements; the writer makes the meta group itself", nameof(dataset));
        }

        WriteElements(output, dataset);
        return output.ToArray();
    }

    /// <summary>Writes <paramref name="dataset"/> to <paramref name="path"/> (see <see cref="Encode"/>).</summary>
    public static void Write(string path, DicomDataset dataset)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllBytes(path, Encode(dataset));
    }

    private static void WriteElements(Stream output, DicomDataset dataset)
    {
        foreach (var e in dataset.Elements.OrderBy(e => e.Tag.Value))
        {
            WriteElement(output, e);
        }
    }

    private static void WriteElement(Stream output, DicomElement e)
    {
        if (e.Fragments is not null)
        {
            throw new ArgumentException($"{e.Tag} {e.Keyword} holds encapsulated (compressed) pixel data, which Explicit VR Little Endian cannot carry; decode it first");
        }

        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, e.Tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], e.Tag.Element);
        header[4] = (byte)e.Vr[0];
        header[5] = (byte)e.Vr[1];
        if (e.Items is not null)
        {
            header[6] = header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], 0xFFFFFFFF);
            output.Write(header);
            foreach (var item in e.Items)
            {
                WriteDelimiter(output, DicomTag.Item, 0xFFFFFFFF);
                WriteElements(output, item);
                WriteDelimiter(output, DicomTag.ItemDelimitation, 0);
            }

            WriteDelimiter(output, DicomTag.SequenceDelimitation, 0);
            return;
        }

        var value = LittleEndian(e);
        if (LongVrs.Contains(e.Vr))
        {
            header[6] = header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], checked((uint)value.Length));
            output.Write(header);
        }
        else
        {
            if (value.Length > ushort.MaxValue - 1)
            {
                throw new ArgumentException($"{e.Tag} {e.Keyword} (VR {e.Vr}) holds {value.Length} bytes; its VR allows at most 65534");
            }

            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)value.Length);
            output.Write(header[..8]);
        }

        output.Write(value);
    }

    private static void WriteDelimiter(Stream output, DicomTag tag, uint length)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[2..], tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], length);
        output.Write(bytes);
    }

    /// <summary>The element's value in little-endian order, padded to even length.</summary>
    private static ReadOnlySpan<byte> LittleEndian(DicomElement e)
    {
        var size = e.BigEndian ? e.Vr switch
        {
            "US" or "SS" or "OW" => 2,
            "UL" or "SL" or "FL" or "OL" or "OF" => 4,
            "FD" or "OD" or "UV" or "SV" or "OV" => 8,
            "AT" => 2, // a tag is two 16-bit numbers
            _ => 1,
        } : 1;
        var bytes = e.Value.ToArray();
        for (var i = 0; size > 1 && i + size <= bytes.Length; i += size)
        {
            bytes.AsSpan(i, size).Reverse();
        }

        if (bytes.Length % 2 == 1)
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = e.IsText && e.Vr != "UI" ? (byte)' ' : (byte)0;
        }

        return bytes;
    }
}
