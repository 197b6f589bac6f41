using System.Globalization;

namespace MedVision.Imaging.Io.Dicom;

/// <summary>A DICOM attribute tag (group, element), printed as in the standard: <c>(0028,0010)</c>.</summary>
public readonly record struct DicomTag(ushort Group, ushort Element)
{
    /// <summary>From the packed form (group &lt;&lt; 16) | element.</summary>
    public DicomTag(uint value)
        : this((ushort)(value >> 16), (ushort)value)
    {
    }

    /// <summary>(7FE0,0010) Pixel Data.</summary>
    public static DicomTag PixelData { get; } = new(0x7FE0, 0x0010);

    /// <summary>(FFFE,E000) Item.</summary>
    public static DicomTag Item { get; } = new(0xFFFE, 0xE000);

    /// <summary>(FFFE,E00D) Item Delimitation Item.</summary>
    public static DicomTag ItemDelimitation { get; } = new(0xFFFE, 0xE00D);

    /// <summary>(FFFE,E0DD) Sequence Delimitation Item.</summary>
    public static DicomTag SequenceDelimitation { get; } = new(0xFFFE, 0xE0DD);

    /// <summary>(group &lt;&lt; 16) | element.</summary>
    public uint Value => ((uint)Group << 16) | Element;

    /// <summary>Private tags have an odd group number.</summary>
    public bool IsPrivate => (Group & 1) == 1;

    /// <summary>The standard keyword ("Rows"), or null outside MedVision's dictionary.</summary>
    public string? Keyword => DicomDictionary.Find(this)?.Keyword;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({Group:X4},{Element:X4})");
}
