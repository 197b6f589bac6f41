namespace MedVision.Data.DicomWeb;

/// <summary>One body part of a multipart/related message (RFC 2387): its Content-Type (null when absent) and bytes.</summary>
public sealed record MultipartPart(string? ContentType, ReadOnlyMemory<byte> Body);
