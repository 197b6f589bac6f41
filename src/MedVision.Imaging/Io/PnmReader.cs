using System.Globalization;

namespace MedVision.Imaging.Io;

/// <summary>
/// Netpbm bitmaps, grey and colour maps: P1 (ASCII bitmap), P2 (ASCII grey), P3 (ASCII RGB), P4 (packed bitmap),
/// P5 (binary grey) and P6 (binary RGB), with <c>#</c> comments anywhere in the header (also in place of the single
/// whitespace after the last header number, as libnetpbm reads it) and in ASCII rasters, and any maxval 1–65535
/// (two big-endian bytes per sample above 255, as netpbm specifies). Samples keep their stored scale (0…maxval), not
/// rescaled to 0…255. A bitmap is one grey channel with maxval 1 and 1 = white (PBM stores 1 = black; this is
/// Pillow's mode "1" as a NumPy array). The MIAS mammograms are P5.
/// </summary>
public static class PnmReader
{
    /// <summary>True for a P1–P6 signature followed by whitespace or a comment.</summary>
    public static bool IsPnm(ReadOnlySpan<byte> head) =>
        head.Length >= 3 && head[0] == 'P' && head[1] is >= (byte)'1' and <= (byte)'6' && (IsSpace(head[2]) || head[2] == '#');

    /// <summary>Reads a PBM or PGM (one channel) or PPM (three channels, R G B) file.</summary>
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
        var values = options.Allocate<float>(name, "width×height×channels", (long)header.Width * header.Height * header.Channels);
        if (header.Bitmap)
        {
            DecodeBitmap(data, header, values, name);
            return new Image(1, header.Height, header.Width, values);
        }

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

    // P1: one '0'/'1' character per pixel, whitespace and comments optional between them; P4: rows packed MSB first,
    // each padded to a whole byte. Both store 1 = black; the image holds 1 = white.
    private static void DecodeBitmap(ReadOnlySpan<byte> data, Header header, float[] values, string name)
    {
        if (header.Ascii)
        {
            var pos = 0;
            for (var i = 0; i < values.Length; i++)
            {
                SkipSpaceAndComments(data, ref pos);
                if (pos >= data.Length)
                {
                    throw new ImageFormatException(name, $"pixel data: file ends after {i} of {values.Length} bitmap samples (truncated file?)");
                }

                if (data[pos] is not ((byte)'0' or (byte)'1'))
                {
                    throw new ImageFormatException(name, $"bitmap sample {i}: expected '0' or '1', found byte 0x{data[pos]:X2}");
                }

                values[i] = data[pos++] == '1' ? 0 : 1;
            }

            return;
        }

        var stride = (header.Width + 7) / 8;
        for (var y = 0; y < header.Height; y++)
        {
            var row = data.Slice(y * stride, stride);
            for (var x = 0; x < header.Width; x++)
            {
                values[(y * header.Width) + x] = ((row[x >> 3] >> (7 - (x & 7))) & 1) == 1 ? 0 : 1;
            }
        }
    }

    private static int Planar(int interleaved, int channels, int planeSize) =>
        channels == 1 ? interleaved : ((interleaved % channels) * planeSize) + (interleaved / channels);

    private static Header ParseHeader(ReadOnlySpan<byte> bytes, string name, ReadOptions options)
    {
        if (!IsPnm(bytes))
        {
            throw new ImageFormatException(name, "not a PNM file (expected P1 to P6 followed by whitespace or a comment)");
        }

        var magic = bytes[1];
        var bitmap = magic is (byte)'1' or (byte)'4';
        var pos = 2;
        var width = NextNumber(bytes, ref pos, name, "width");
        var height = NextNumber(bytes, ref pos, name, "height");
        var maxValue = bitmap ? 1 : NextNumber(bytes, ref pos, name, "maxval");
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
        var ascii = magic is (byte)'1' or (byte)'2' or (byte)'3';
        var last = bitmap ? "height" : "maxval";

        // The raster starts after one whitespace byte; a comment there ends with its line break (libnetpbm's pm_getc).
        if (pos < bytes.Length && bytes[pos] == '#')
        {
            while (pos < bytes.Length && bytes[pos] is not ((byte)'\n' or (byte)'\r'))
            {
                pos++;
            }
        }

        if (pos >= bytes.Length || !IsSpace(bytes[pos]))
        {
            throw new ImageFormatException(name, $"{last} must be followed by one whitespace byte or a comment");
        }

        pos++;
        var remaining = bytes.Length - pos;
        // ASCII samples take at least one digit and one separator each (the last needs no separator; P1 digits need
        // none); a P4 row is packed into ⌈width/8⌉ bytes.
        var needed = magic switch
        {
            (byte)'1' => count,
            (byte)'4' => ((width + 7) / 8) * height,
            _ when ascii => (2 * count) - 1,
            _ => count * (maxValue > 255 ? 2 : 1),
        };
        if (needed > remaining)
        {
            throw new ImageFormatException(name, $"pixel data: {width}×{height}×{channels} samples need {needed} bytes, {remaining} present (truncated file?)");
        }

        return new Header("P" + (char)magic, (int)width, (int)height, channels, (int)maxValue, ascii, bitmap, pos);
    }

    /// <summary>The next decimal number, skipping whitespace and <c>#</c> comments; at most 2^31 − 1.</summary>
    private static long NextNumber(ReadOnlySpan<byte> bytes, ref int pos, string name, string field)
    {
        SkipSpaceAndComments(bytes, ref pos);
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

    private static void SkipSpaceAndComments(ReadOnlySpan<byte> bytes, ref int pos)
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
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;

    private sealed record Header(string Magic, int Width, int Height, int Channels, int MaxValue, bool Ascii, bool Bitmap, int DataOffset);
}
