using System.Buffers.Binary;

namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// RLE Lossless (PS3.5 Annex G): a 64-byte header with up to 15 segment offsets, then one PackBits segment
/// per byte plane, most significant byte first, sample by sample. Decodes like pydicom's <c>rle_handler</c>:
/// a segment shorter than a plane is an error, a longer one is cut.
/// </summary>
internal static class DicomRle
{
    /// <summary>
    /// Decodes one frame into <paramref name="destination"/> as raw unsigned values in (sample, row·col) order.
    /// </summary>
    public static void DecodeFrame(ReadOnlySpan<byte> frame, int samples, int bytesPerSample, int planeSize, Span<ulong> destination, string name)
    {
        if (frame.Length < 64)
        {
            throw new ImageFormatException(name, $"RLE frame of {frame.Length} bytes is shorter than its 64-byte header");
        }

        var segments = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        if (segments != samples * bytesPerSample)
        {
            throw new ImageFormatException(name, $"RLE header lists {segments} segments, expected {samples * bytesPerSample} ({samples} sample(s) × {bytesPerSample} byte(s))");
        }

        destination[..(samples * planeSize)].Clear();
        var plane = new byte[planeSize];
        for (var s = 0; s < segments; s++)
        {
            var start = BinaryPrimitives.ReadUInt32LittleEndian(frame[(4 + (4 * s))..]);
            var stop = s + 1 < segments ? BinaryPrimitives.ReadUInt32LittleEndian(frame[(8 + (4 * s))..]) : (uint)frame.Length;
            if (start < 64 || start > stop || stop > frame.Length)
            {
                throw new ImageFormatException(name, $"RLE segment {s} spans bytes {start}–{stop} of a {frame.Length}-byte frame");
            }

            // PackBits turns two bytes into at most 128: a shorter segment cannot fill the plane (PS3.5 G.3.1).
            if ((long)(stop - start) * 64 < planeSize)
            {
                throw new ImageFormatException(name, $"RLE segment {s} has {stop - start} bytes, too few to decode a {planeSize}-byte plane (truncated data or lying Rows/Columns)");
            }

            var decoded = PackBits(frame[(int)start..(int)stop], plane);
            if (decoded < planeSize)
            {
                throw new ImageFormatException(name, $"RLE segment {s} decodes to {decoded} bytes, expected {planeSize}");
            }

            var sample = s / bytesPerSample;
            var shift = 8 * (bytesPerSample - 1 - (s % bytesPerSample));
            var dst = destination.Slice(sample * planeSize, planeSize);
            for (var i = 0; i < planeSize; i++)
            {
                dst[i] |= (ulong)plane[i] << shift;
            }
        }
    }

    /// <summary>PackBits into <paramref name="output"/> (stopping when it is full); returns the bytes written.</summary>
    private static int PackBits(ReadOnlySpan<byte> src, Span<byte> output)
    {
        var o = 0;
        var i = 0;
        while (i < src.Length && o < output.Length)
        {
            var n = (sbyte)src[i++];
            if (n >= 0)
            {
                var count = Math.Min(Math.Min(n + 1, src.Length - i), output.Length - o);
                src.Slice(i, count).CopyTo(output[o..]);
                i += n + 1;
                o += count;
            }
            else if (n != -128 && i < src.Length)
            {
                var count = Math.Min(1 - n, output.Length - o);
                output.Slice(o, count).Fill(src[i++]);
                o += count;
            }
        }

        return o;
    }
}
