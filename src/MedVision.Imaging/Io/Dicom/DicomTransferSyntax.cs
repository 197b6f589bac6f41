namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// A transfer syntax (PS3.5 §10, PS3.6 Annex A): how a data set is encoded (VR explicit or implicit, byte order,
/// deflate) and, for encapsulated pixel data, which codec. <see cref="Decodable"/> says whether MedVision decodes
/// its pixel data; for the others <see cref="ConversionHint"/> names a tool that rewrites the file uncompressed.
/// </summary>
/// <param name="Uid">The UID, e.g. "1.2.840.10008.1.2.1".</param>
/// <param name="Name">The standard's name, e.g. "Explicit VR Little Endian".</param>
/// <param name="ExplicitVr">Elements carry their VR.</param>
/// <param name="BigEndian">Numbers after the file meta group are big-endian.</param>
/// <param name="Deflated">The data set after the file meta group is deflate-compressed (RFC 1951).</param>
/// <param name="Encapsulated">Pixel data is compressed into fragments.</param>
/// <param name="Decodable">MedVision decodes this syntax's pixel data.</param>
/// <param name="ConversionHint">For syntaxes MedVision does not decode: a command that converts the file.</param>
public sealed record DicomTransferSyntax(
    string Uid, string Name, bool ExplicitVr, bool BigEndian, bool Deflated, bool Encapsulated, bool Decodable, string? ConversionHint = null)
{
    private const string Gdcm = "convert it to an uncompressed syntax first, e.g. `gdcmconv --raw in.dcm out.dcm`";

    public static DicomTransferSyntax ImplicitVrLittleEndian { get; } = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false, true);

    public static DicomTransferSyntax ExplicitVrLittleEndian { get; } = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false, true);

    public static DicomTransferSyntax ExplicitVrBigEndian { get; } = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false, true);

    /// <summary>Every syntax MedVision recognises, decodable or not; one line each.</summary>
    public static IReadOnlyList<DicomTransferSyntax> Known { get; } =
    [
        ImplicitVrLittleEndian,
        ExplicitVrLittleEndian,
        ExplicitVrBigEndian,
        new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false, true),
        new("1.2.840.10008.1.2.5", "RLE Lossless", true, false, false, true, true),
        new("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, false, false, true, true),
        new("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", true, false, false, true, true),
        new("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", true, false, false, true, false, Gdcm + " or `dcmdjpeg in.dcm out.dcm`"),
        new("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", true, false, false, true, false, Gdcm + " or `dcmdjpeg in.dcm out.dcm`"),
        new("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", true, false, false, true, false, Gdcm + " or `dcmdjpls in.dcm out.dcm`"),
        new("1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless", true, false, false, true, false, Gdcm + " or `dcmdjpls in.dcm out.dcm`"),
        new("1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless", true, false, false, true, false, Gdcm),
        new("1.2.840.10008.1.2.4.91", "JPEG 2000", true, false, false, true, false, Gdcm),
        new("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Lossless", true, false, false, true, false, Gdcm),
        new("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component", true, false, false, true, false, Gdcm),
        new("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Lossless", true, false, false, true, false, Gdcm),
        new("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Lossless", true, false, false, true, false, Gdcm),
        new("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000", true, false, false, true, false, Gdcm),
        new("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", true, false, false, true, false, "video: export frames with `ffmpeg` or `gdcmconv --raw`"),
        new("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile", true, false, false, true, false, "video: export frames with `ffmpeg` or `gdcmconv --raw`"),
        new("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile", true, false, false, true, false, "video: export frames with `ffmpeg` or `gdcmconv --raw`"),
    ];

    /// <summary>The syntax of <paramref name="uid"/>; unknown UIDs are encapsulated explicit VR little endian and not decodable, as PS3.5 §10 requires of new syntaxes.</summary>
    public static DicomTransferSyntax FromUid(string uid) =>
        Known.FirstOrDefault(s => s.Uid == uid) ?? new DicomTransferSyntax(uid, $"unknown transfer syntax {uid}", true, false, false, true, false, Gdcm);

    public override string ToString() => $"{Name} ({Uid})";
}
