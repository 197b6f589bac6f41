using System.Buffers.Binary;

namespace MedVision.Imaging.Tests.Io;

/// <summary>PNG chunk checksums for tests that edit PNG bytes: the CRC-32 of ISO 3309 / PNG §5.5.</summary>
internal static class PngChunks
{
    /// <summary>The CRC-32 PNG stores after a chunk's type and data.</summary>
    public static uint Crc(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            c ^= b;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
        }

        return ~c;
    }

    /// <summary>Rewrites the CRC of every chunk that lies whole inside <paramref name="png"/>, so edits reach the decoder.</summary>
    public static void FixCrcs(byte[] png)
    {
        var pos = 8;
        while (pos + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            if (length > png.Length - pos - 12)
            {
                return;
            }

            var end = pos + 8 + (int)length;
            BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(end), Crc(png.AsSpan(pos + 4, (int)length + 4)));
            pos = end + 4;
        }
    }
}
