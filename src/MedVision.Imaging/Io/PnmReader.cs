using System.Globalization;

namespace MedVision.Imaging.Io;

/// <summary>
/// Netpbm grey and colour maps: P2 (ASCII grey), P3 (ASCII RGB), P5 (binary grey) and P6 (binary RGB), with
/// <c>#</c> comments in the header and any maxval 1–65535 (two big-endian bytes per sample above 255, as
/// netpbm specifies). Samples keep their stored scale (0…maxval), not rescaled to 0…255. The MIAS mammograms are P5.
/// </summary>
public static class PnmReader
{
    /// <summary>True for a P2, P3, P5 or P6 signature followed by whitespace.</summary>
    public static bool IsPnm(ReadOnlySpan<byte> head) =>
        head.Length >= 3 && head[0] == 'P' && head[1] is (byte)'2' or (byte)'3' or (byte)'5' or (byte)'6' && IsSpace(head[2]);

    /// <summary>Reads a PGM (one channel) or PPM (three channels, R G B) file.</summary>
    public static Image Read(string path) => Read(path, ReadOptions.Default);

    /// <inheritdoc cref="Read(string)"/>
    public static Image Read(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Decode(options.ReadFile(path), path, options);
    }

    /// <summary>Decodes PNM bytes; <paramref name="name"/> names the source in errors.</summary>
    public static Image Decode(ReadOnlySpan<byte> bytes, string name, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var header = ParseHeader(bytes, name, options);
        var data = bytes[header.DataOffset..];
        var count = header.Width * header.Height * header.Channels;
        var planeSize = header.Width * header.Height;
        var values = new float[count];
        if (header.Ascii)
        {
            var pos = 0;
            for (var i = 0; i < count; i++)
            {
                var value = NextNumber(data, ref pos, name, "sample");
                if (value > header.MaxValue)
                {
                    throw new ImageFormatException(name, $"sample {i} is {value}, above maxval {header.MaxValue}");
                }

                values[Planar(i, header.Channels, planeSize)] = value;
            }

            return new Image(header.Channels, header.Height, header.Width, values);
        }

        var wide = header.MaxValue > 255;
        var checkMax = header.MaxValue is not (255 or 65535);
        for (var i = 0; i < count; i++)
        {
            int value = wide ? (data[2 * i] << 8) | data[(2 * i) + 1] : data[i];
            if (checkMax && value > header.MaxValue)
            {
                throw new ImageFormatException(name, $"sample {i} is {value}, above maxval {header.MaxValue}");
            }

            values[Planar(i, header.Channels, planeSize)] = value;
        }

        return new Image(header.Channels, header.Height, header.Width, values);
    }

    /// <summary>Header facts: sizes, channels, maxval and encoding.</summary>
    public static ImageInfo Inspect(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var header = ParseHeader(options.ReadFile(path), path, options);
        return new ImageInfo(
            "PNM",
            [header.Width, header.Height],
            header.Channels,
            header.MaxValue > 255 ? "uint16" : "uint8",
            Properties: new Dictionary<string, string>
            {
                ["magic"] = header.Magic,
                ["maxval"] = header.MaxValue.ToString(CultureInfo.InvariantCulture),
                ["encoding"] = header.Ascii ? "ascii" : "binary",
            });
    }

    private static int Planar(int interleaved, int channels, int planeSize) =>
        channels == 1 ? interleaved : ((interleaved % channels) * planeSize) + (interleaved / channels);

    private static Header ParseHeader(ReadOnlySpan<byte> bytes, string name, ReadOptions options)
    {
        if (!IsPnm(bytes))
        {
            throw new ImageFormatException(name, "not a PNM file (expected P2, P3, P5 or P6 followed by whitespace)");
        }

        var magic = bytes[1];
        var pos = 2;
        var width = NextNumber(bytes, ref pos, name, "width");
        var height = NextNumber(bytes, ref pos, name, "height");
        var maxValue = NextNumber(bytes, ref pos, name, "maxval");
        if (width < 1 || height < 1)
        {
            throw new ImageFormatException(name, $"width and height must be ≥ 1, got {width}×{height}");
        }

        if (maxValue is < 1 or > 65535)
        {
            throw new ImageFormatException(name, $"maxval must be 1–65535, got {maxValue}");
        }

        var channels = magic is (byte)'3' or (byte)'6' ? 3 : 1;
        var count = (long)width * height * channels;
        options.CheckValues(name, "width×height×channels", count);
        var ascii = magic is (byte)'2' or (byte)'3';
        if (pos >= bytes.Length || !IsSpace(bytes[pos]))
        {
            throw new ImageFormatException(name, "maxval must be followed by one whitespace byte");
        }

        pos++;
        var remaining = bytes.Length - pos;
        // ASCII samples take at least one digit and one separator each (the last needs no separator).
        var needed = ascii ? (2 * count) - 1 : count * (maxValue > 255 ? 2 : 1);
        if (needed > remaining)
        {
            throw new ImageFormatException(name, $"pixel data: {width}×{height}×{channels} samples need {needed} bytes, {remaining} present (truncated file?)");
        }

        return new Header((char)magic == '2' ? "P2" : "P" + (char)magic, (int)width, (int)height, channels, (int)maxValue, ascii, pos);
    }

    /// <summary>The next decimal number, skipping whitespace and <c>#</c> comments; at most 2^31 − 1.</summary>
    private static long NextNumber(ReadOnlySpan<byte> bytes, ref int pos, string name, string field)
    {
        while (pos < bytes.Length)
        {
            if (IsSpace(bytes[pos]))
            {
                pos++;
            }
            else if (bytes[pos] == '#')
            {
                while (pos < bytes.Length && bytes[pos] is not ((byte)'\n' or (byte)'\r'))
                {
                    pos++;
                }
            }
            else
            {
                break;
            }
        }

        if (pos >= bytes.Length)
        {
            throw new ImageFormatException(name, $"{field}: file ends before the number (truncated file?)");
        }

        if (bytes[pos] is < (byte)'0' or > (byte)'9')
        {
            throw new ImageFormatException(name, $"{field}: expected a decimal number, found byte 0x{bytes[pos]:X2}");
        }

        long value = 0;
        while (pos < bytes.Length && bytes[pos] is >= (byte)'0' and <= (byte)'9')
        {
            value = (value * 10) + (bytes[pos] - '0');
            if (value > int.MaxValue)
            {
                throw new ImageFormatException(name, $"{field}: number above 2^31 − 1");
            }

            pos++;
        }

        return value;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;

    private sealed record Header(string Magic, int Width, int Height, int Channels, int MaxValue, bool Ascii, int DataOffset);
}
