using System.Buffers.Binary;
using System.IO.Compression;

namespace MedVision.Imaging.Io;

/// <summary>
/// PNG encoder: 1 channel → grey, 2 → grey+alpha, 3 → RGB, 4 → RGBA; 8 bits when every sample rounds into
/// 0…255, otherwise 16 (see <see cref="SampleRange"/>), or as <see cref="PngWriteOptions.BitDepth"/> says.
/// Non-interlaced; each row's filter chosen by libpng's minimum-sum-of-absolute-differences heuristic; zlib
/// through <see cref="ZLibStream"/>.
/// </summary>
public static class PngWriter
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Writes <paramref name="image"/> with the automatic bit depth.</summary>
    public static void Write(string path, Image image) => Write(path, image, new PngWriteOptions());

    /// <summary>Writes <paramref name="image"/> with <paramref name="options"/>.</summary>
    public static void Write(string path, Image image, PngWriteOptions options) => File.WriteAllBytes(path, Encode(image, options));

    /// <summary>The PNG bytes of <paramref name="image"/>.</summary>
    public static byte[] Encode(Image image, PngWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        if (image.Channels > 4 || image.Width == 0 || image.Height == 0)
        {
            throw new ArgumentException($"PNG holds 1–4 channels and at least 1×1 pixels, got {image}", nameof(image));
        }

        var depth = options.BitDepth ?? SampleRange.ChooseBitDepth(image);
        if (depth is not (8 or 16))
        {
            throw new ArgumentException($"BitDepth must be 8 or 16, got {depth}", nameof(options));
        }

        int channels = image.Channels, width = image.Width, height = image.Height, plane = image.PlaneSize;
        var bpp = channels * depth / 8;
        var stride = width * bpp;
        var max = depth == 8 ? 255 : 65535;
        var previous = new byte[stride];
        var current = new byte[stride];
        var candidate = new byte[stride + 1];
        var best = new byte[stride + 1];
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, options.Compression, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    for (var c = 0; c < channels; c++)
                    {
                        var v = SampleRange.ToInteger(image.Data[(c * plane) + (y * width) + x], max);
                        var at = (x * bpp) + (c * depth / 8);
                        if (depth == 16)
                        {
                            current[at] = (byte)(v >> 8);
                            current[at + 1] = (byte)v;
                        }
                        else
                        {
                            current[at] = (byte)v;
                        }
                    }
                }

                var bestScore = long.MaxValue;
                for (byte filter = 0; filter <= 4; filter++)
                {
                    var score = Filter(filter, current, previous, bpp, candidate);
                    if (score < bestScore)
                    {
                        bestScore = score;
                        (best, candidate) = (candidate, best);
                    }
                }

                zlib.Write(best);
                (previous, current) = (current, previous);
            }
        }

        var output = new MemoryStream();
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = (byte)depth;
        header[9] = channels switch { 1 => 0, 2 => 4, 3 => 2, _ => 6 };
        WriteChunk(output, "IHDR", header);
        WriteChunk(output, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>Filters <paramref name="row"/> into target (filter byte first); returns the sum of |signed bytes|.</summary>
    private static long Filter(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bpp, Span<byte> target)
    {
        target[0] = filter;
        long score = 0;
        for (var i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
            int predicted = filter switch
            {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) >> 1,
                _ => Paeth(a, b, c),
            };
            var value = (byte)(row[i] - predicted);
            target[i + 1] = value;
            score += Math.Abs((int)(sbyte)value);
        }

        return score;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        for (var i = 0; i < 4; i++)
        {
            typeBytes[i] = (byte)type[i];
        }

        output.Write(typeBytes);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Append(0, typeBytes), data));
        output.Write(word);
    }
}
