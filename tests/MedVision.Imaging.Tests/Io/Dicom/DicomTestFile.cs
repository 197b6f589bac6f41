using System.Buffers.Binary;
using System.Text;

namespace MedVision.Imaging.Tests.Io.Dicom;

/// <summary>
/// Builds small DICOM files for tests whose content no reference file covers (bit masking, planar data, hostile
/// lengths): a PS3.10 preamble and meta group, then explicit VR elements in the chosen byte order.
/// </summary>
internal sealed class DicomTestFile
{
    private readonly List<byte> _body = [];
    private readonly bool _bigEndian;
    private readonly string _syntax;

    public DicomTestFile(string syntax = "1.2.840.10008.1.2.1", bool bigEndian = false)
    {
        _syntax = syntax;
        _bigEndian = bigEndian;
    }

    public DicomTestFile Element(ushort group, ushort element, string vr, byte[] value, uint? length = null)
    {
        var longForm = vr is "OB" or "OW" or "SQ" or "UN" or "UT" or "OF" or "OD" or "OL";
        Write16(group);
        Write16(element);
        _body.AddRange(Encoding.ASCII.GetBytes(vr));
        if (longForm)
        {
            _body.AddRange(new byte[2]);
            Write32(length ?? (uint)value.Length);
        }
        else
        {
            Write16((ushort)(length ?? (uint)value.Length));
        }

        _body.AddRange(value);
        return this;
    }

    public DicomTestFile Text(ushort group, ushort element, string vr, string text)
    {
        if (text.Length % 2 == 1)
        {
            text += " ";
        }

        return Element(group, element, vr, Encoding.ASCII.GetBytes(text));
    }

    public DicomTestFile US(ushort group, ushort element, ushort value) =>
        Element(group, element, "US", _bigEndian ? [(byte)(value >> 8), (byte)value] : [(byte)value, (byte)(value >> 8)]);

    /// <summary>Image pixel module attributes.</summary>
    public DicomTestFile Image(int rows, int columns, int bitsAllocated, int bitsStored, int highBit, int signed, int samples = 1, string photometric = "MONOCHROME2", int planar = 0, int frames = 1)
    {
        US(0x0028, 0x0002, (ushort)samples);
        Text(0x0028, 0x0004, "CS", photometric);
        if (samples > 1)
        {
            US(0x0028, 0x0006, (ushort)planar);
        }

        if (frames > 1)
        {
            Text(0x0028, 0x0008, "IS", frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        US(0x0028, 0x0010, (ushort)rows);
        US(0x0028, 0x0011, (ushort)columns);
        US(0x0028, 0x0100, (ushort)bitsAllocated);
        US(0x0028, 0x0101, (ushort)bitsStored);
        US(0x0028, 0x0102, (ushort)highBit);
        return US(0x0028, 0x0103, (ushort)signed);
    }

    public DicomTestFile Raw(byte[] bytes)
    {
        _body.AddRange(bytes);
        return this;
    }

    public byte[] ToArray()
    {
        var meta = new MemoryStream();
        var uid = Encoding.ASCII.GetBytes(_syntax.Length % 2 == 1 ? _syntax + "\0" : _syntax);
        meta.Write([0x02, 0x00, 0x10, 0x00, (byte)'U', (byte)'I', (byte)uid.Length, 0]);
        meta.Write(uid);
        var file = new MemoryStream();
        file.Write(new byte[128]);
        file.Write("DICM"u8);
        file.Write([0x02, 0x00, 0x00, 0x00, (byte)'U', (byte)'L', 4, 0]);
        var groupLength = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength, (uint)meta.Length);
        file.Write(groupLength);
        meta.WriteTo(file);
        file.Write([.. _body]);
        return file.ToArray();
    }

    private void Write16(ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        }

        _body.AddRange(b);
    }

    private void Write32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        }

        _body.AddRange(b);
    }
}
