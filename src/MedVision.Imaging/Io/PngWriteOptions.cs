using System.IO.Compression;

namespace MedVision.Imaging.Io;

/// <summary>Options of <see cref="PngWriter"/>.</summary>
public sealed record PngWriteOptions
{
    /// <summary>8 or 16; null (default) picks 8 when every sample rounds into 0…255, otherwise 16.</summary>
    public int? BitDepth { get; init; }

    /// <summary>zlib effort. Default <see cref="CompressionLevel.Optimal"/>.</summary>
    public CompressionLevel Compression { get; init; } = CompressionLevel.Optimal;
}
