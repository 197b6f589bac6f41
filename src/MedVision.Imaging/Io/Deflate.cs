namespace MedVision.Imaging.Io;

/// <summary>Facts about deflate (RFC 1951) that let readers refuse impossible sizes before allocating.</summary>
internal static class Deflate
{
    /// <summary>
    /// An upper bound on what <paramref name="compressedBytes"/> of zlib data can inflate to: deflate's best ratio is
    /// 1032:1 (258-byte matches coded in 2 bits), plus slack for the stream header and the last block.
    /// </summary>
    public static long MaxInflatedSize(long compressedBytes) => (compressedBytes * 1032) + 1024;
}
