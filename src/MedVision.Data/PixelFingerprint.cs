using System.Runtime.InteropServices;
using System.Security.Cryptography;
using MedVision.Imaging;

namespace MedVision.Data;

/// <summary>
/// The identity of an image's pixels: the first 128 bits of SHA-256 over its shape (channels, height, width) and its
/// float samples, as 32 lower-case hex digits. Two images share a fingerprint when they hold the same pixels, whatever
/// their file names, formats or folders; a bundle keeps the fingerprints of the images it learnt from so that an
/// evaluation can tell when it is shown them again.
/// </summary>
public static class PixelFingerprint
{
    /// <summary>The fingerprint of <paramref name="image"/>.</summary>
    public static string Of(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<int> dims = [image.Channels, image.Height, image.Width];
        sha.AppendData(MemoryMarshal.AsBytes(dims));
        sha.AppendData(MemoryMarshal.AsBytes(image.Data.AsSpan()));
        Span<byte> digest = stackalloc byte[32];
        sha.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..16]);
    }

    /// <summary>Whether <paramref name="text"/> has the form of a fingerprint (32 lower-case hex digits).</summary>
    public static bool IsWellFormed(string text) =>
        text.Length == 32 && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
