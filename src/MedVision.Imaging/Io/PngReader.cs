using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace MedVision.Imaging.Io;

/// <summary>
/// PNG decoder (ISO/IEC 15948): bit depths 1, 2, 4, 8 and 16; grey, grey+alpha, RGB, RGBA and palette colour
/// types; Adam7 interlace; the five row filters; every chunk's CRC checked; zlib through
/// <see cref="ZLibStream"/>. Output channels: grey 1, grey+alpha 2, RGB 3, RGBA 4, palette 3 (RGB) or 4 (RGBA
/// when a tRNS chunk gives palette alpha, as Pillow's <c>convert("RGBA")</c>). Samples keep their stored scale
/// (0–255, 0–65535 for 16 bits) except grey of 1, 2 or 4 bits, which is scaled to 0–255 like Pillow's "1"/"L"
/// modes. A tRNS chunk on a grey or RGB image (one transparent colour, compared with the stored samples before any
/// scaling, as the PNG specification says) adds an alpha channel: grey 2 channels, RGB 4, alpha 0 on pixels of that
/// colour and 255 (65535 for 16 bits) elsewhere — Pillow's <c>convert("LA")</c>/<c>convert("RGBA")</c> for 8 bits.
/// tRNS on images that already have alpha is not allowed by the specification and is ignored, as libpng does.
/// </summary>
public static class PngReader
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    // Adam7 passes: x start, y start, x step, y step.
    private static readonly (int X, int Y, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    /// <summary>True for the 8-byte PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> head) => head.StartsWith(Signature);

    /// <summary>Reads a PNG file with the default budgets.</summary>
    public static Image Read(string path) => Read(path, ReadOptions.Default);

    /// <inheritdoc cref="Read(string)"/>
    public static Image Read(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Decode(options.ReadFile(path), path, options);
    }

    /// <summary>Header facts: sizes, channels after decoding, bit depth, colour type, interlace.</summary>
    public static ImageInfo Inspect(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var png = Parse(options.ReadFile(path), path, options, headerOnly: true);
        return new ImageInfo(
            "PNG",
            [png.Width, png.Height],
            png.OutputChannels,
            png.BitDepth == 16 ? "uint16" : "uint8",
            Properties: new Dictionary<string, string>
            {
                ["bit_depth"] = png.BitDepth.ToString(CultureInfo.InvariantCulture),
                ["color_type"] = png.ColorType switch { 0 => "gray", 2 => "rgb", 3 => "palette", 4 => "gray+alpha", _ => "rgba" },
                ["interlace"] = png.Interlaced ? "adam7" : "none",
            });
    }

    /// <summary>Decodes PNG bytes; <paramref name="name"/> names the source in errors.</summary>
    public static Image Decode(ReadOnlySpan<byte> bytes, string name, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var png = Parse(bytes, name, options, headerOnly: false);
        var raw = Inflate(png, name, options);
        var pixels = options.Allocate<float>(name, "IHDR width×height×channels", (long)png.OutputChannels * png.Width * png.Height);
        var image = new Image(png.OutputChannels, png.Height, png.Width, pixels);
        if (!png.Interlaced)
        {
            Unfilter(raw, png.Width, png.Height, png, name);
            if (png.BitDepth == 8 && png.ColorType == 0 && png.TransparentColor is null)
            {
                GrayRows8(raw, png.Width, png.Height, pixels);
            }
            else
            {
                var stride = RowBytes(png.Width, png);
                for (var y = 0; y < png.Height; y++)
                {
                    EmitRow(raw.AsSpan((y * (stride + 1)) + 1, stride), png, image, y, 0, 1, png.Width);
                }
            }

            return image;
        }

        var offset = 0;
        foreach (var (x0, y0, dx, dy) in Adam7)
        {
            var width = PassSize(png.Width, x0, dx);
            var height = PassSize(png.Height, y0, dy);
            if (width == 0 || height == 0)
            {
                continue;
            }

            var stride = RowBytes(width, png);
            var pass = raw.AsSpan(offset, height * (stride + 1));
            Unfilter(pass, width, height, png, name);
            for (var y = 0; y < height; y++)
            {
                EmitRow(pass.Slice((y * (stride + 1)) + 1, stride), png, image, y0 + (y * dy), x0, dx, width);
            }

            offset += height * (stride + 1);
        }

        return image;
    }

    private static int PassSize(int size, int start, int step) => size <= start ? 0 : (size - start + step - 1) / step;

    private static int RowBytes(int width, Png png) => (int)((((long)width * png.BitsPerPixel) + 7) / 8);

    private static long RawSize(Png png)
    {
        if (!png.Interlaced)
        {
            return (long)png.Height * (RowBytes(png.Width, png) + 1L);
        }

        long total = 0;
        foreach (var (x0, y0, dx, dy) in Adam7)
        {
            var width = PassSize(png.Width, x0, dx);
            var height = PassSize(png.Height, y0, dy);
            if (width > 0 && height > 0)
            {
                total += height * (RowBytes(width, png) + 1L);
            }
        }

        return total;
    }

    private static Png Parse(ReadOnlySpan<byte> bytes, string name, ReadOptions options, bool headerOnly)
    {
        if (!IsPng(bytes))
        {
            throw new ImageFormatException(name, "not a PNG file (signature missing)");
        }

        Png? png = null;
        var idat = new List<(int Offset, int Length)>();
        var pos = Signature.Length;
        var ended = false;
        while (!ended)
        {
            if (bytes.Length - pos < 12)
            {
                throw new ImageFormatException(name, $"chunk header at byte {pos}: file ends (truncated file?)");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes[pos..]);
            var typeBytes = bytes.Slice(pos + 4, 4);
            var type = Encoding.Latin1.GetString(typeBytes);
            if (length > int.MaxValue || length > bytes.Length - pos - 12)
            {
                throw new ImageFormatException(name, $"chunk {type} at byte {pos}: length {length} exceeds the {bytes.Length - pos - 12} bytes left (truncated file?)");
            }

            var data = bytes.Slice(pos + 8, (int)length);
            var stored = BinaryPrimitives.ReadUInt32BigEndian(bytes[(pos + 8 + (int)length)..]);
            if (Crc32.Append(0, bytes.Slice(pos + 4, (int)length + 4)) != stored)
            {
                throw new ImageFormatException(name, $"chunk {type} at byte {pos}: CRC mismatch (corrupt file)");
            }

            if (png is null && type != "IHDR")
            {
                throw new ImageFormatException(name, $"first chunk must be IHDR, found {type}");
            }

            switch (type)
            {
                case "IHDR":
                    png = Header(data, name, options);
                    break;
                case "PLTE":
                    if (data.Length % 3 != 0 || data.Length == 0 || data.Length > 768)
                    {
                        throw new ImageFormatException(name, $"PLTE length must be a multiple of 3 up to 768, got {data.Length}");
                    }

                    png!.Palette = data.ToArray();
                    break;
                case "tRNS":
                    png!.Transparency = data.ToArray();
                    if (png.ColorType is 0 or 2)
                    {
                        png.TransparentColor = TransparentColor(data, png, name);
                    }

                    break;
                case "IDAT":
                    idat.Add((pos + 8, (int)length));
                    break;
                case "IEND":
                    ended = true;
                    break;
                default:
                    if ((typeBytes[0] & 0x20) == 0)
                    {
                        throw new ImageFormatException(name, $"unknown critical chunk {type}");
                    }

                    break;
            }

            pos += 12 + (int)length;
        }

        if (idat.Count == 0)
        {
            throw new ImageFormatException(name, "no IDAT chunk (no pixel data)");
        }

        if (png!.ColorType == 3 && png.Palette is null)
        {
            throw new ImageFormatException(name, "palette image without a PLTE chunk");
        }

        if (headerOnly)
        {
            return png;
        }

        var total = 0;
        foreach (var (_, length) in idat)
        {
            total += length;
        }

        png.Compressed = new byte[total];
        var at = 0;
        foreach (var (offset, length) in idat)
        {
            bytes.Slice(offset, length).CopyTo(png.Compressed.AsSpan(at));
            at += length;
        }

        return png;
    }

    // tRNS of grey (one 2-byte sample) or RGB (three): the stored sample values of the transparent colour.
    private static int[] TransparentColor(ReadOnlySpan<byte> data, Png png, string name)
    {
        var expected = 2 * png.Samples;
        if (data.Length != expected)
        {
            throw new ImageFormatException(name, $"tRNS of a {(png.ColorType == 0 ? "grey" : "RGB")} image must be {expected} bytes, got {data.Length}");
        }

        var key = new int[png.Samples];
        for (var c = 0; c < key.Length; c++)
        {
            key[c] = BinaryPrimitives.ReadUInt16BigEndian(data[(2 * c)..]);
        }

        return key;
    }

    private static Png Header(ReadOnlySpan<byte> data, string name, ReadOptions options)
    {
        if (data.Length != 13)
        {
            throw new ImageFormatException(name, $"IHDR length must be 13, got {data.Length}");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(data);
        var height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int depth = data[8], colorType = data[9];
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            throw new ImageFormatException(name, $"IHDR width and height must be 1…2^31−1, got {width}×{height}");
        }

        int samples = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
        var depthOk = colorType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        if (samples == 0 || !depthOk)
        {
            throw new ImageFormatException(name, $"IHDR colour type {colorType} with bit depth {depth} is not a valid PNG combination");
        }

        if (data[10] != 0 || data[11] != 0 || data[12] > 1)
        {
            throw new ImageFormatException(name, $"IHDR compression {data[10]}, filter {data[11]}, interlace {data[12]}: expected 0, 0 and 0 or 1");
        }

        var png = new Png((int)width, (int)height, depth, colorType, samples, data[12] == 1);
        options.CheckValues(name, "IHDR width×height×channels", (long)width * height * (colorType == 3 ? 4 : samples));
        options.CheckBytes(name, "IHDR image size (decompressed)", RawSize(png));
        return png;
    }

    private static byte[] Inflate(Png png, string name, ReadOptions options)
    {
        var size = RawSize(png);
        options.CheckBytes(name, "decompressed IDAT", size);
        if (size > Deflate.MaxInflatedSize(png.Compressed!.Length))
        {
            throw new ImageFormatException(name, $"IDAT: {png.Compressed.Length} compressed bytes cannot inflate to the {size} bytes IHDR {png.Width}×{png.Height} needs (truncated file or lying header)");
        }

        var raw = options.Allocate<byte>(name, "decompressed IDAT", size);
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(png.Compressed!), CompressionMode.Decompress);
            var read = zlib.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
            if (read < raw.Length)
            {
                throw new ImageFormatException(name, $"IDAT data inflates to {read} bytes, expected {raw.Length} (truncated file?)");
            }
        }
        catch (InvalidDataException e)
        {
            throw new ImageFormatException(name, $"IDAT zlib stream is corrupt: {e.Message}", e);
        }

        return raw;
    }

    /// <summary>Reverses the row filters in place; rows are (filter byte, stride bytes).</summary>
    private static void Unfilter(Span<byte> rows, int width, int height, Png png, string name)
    {
        var stride = RowBytes(width, png);
        var bpp = Math.Max(1, png.BitsPerPixel / 8);
        // The row above the first is all zeros (ISO/IEC 15948 §9.2).
        Span<byte> previous = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var filter = rows[y * (stride + 1)];
            var row = rows.Slice((y * (stride + 1)) + 1, stride);
            var head = Math.Min(bpp, row.Length);
            switch (filter)
            {
                case 0:
                    break;
                case 1:
                    for (var i = bpp; i < row.Length; i++)
                    {
                        row[i] += row[i - bpp];
                    }

                    break;
                case 2:
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] += previous[i];
                    }

                    break;
                case 3:
                    for (var i = 0; i < head; i++)
                    {
                        row[i] += (byte)(previous[i] >> 1);
                    }

                    for (var i = bpp; i < row.Length; i++)
                    {
                        row[i] += (byte)((row[i - bpp] + previous[i]) >> 1);
                    }

                    break;
                case 4:
                    // With a and c zero in the first pixel, Paeth predicts b (the byte above).
                    for (var i = 0; i < head; i++)
                    {
                        row[i] += previous[i];
                    }

                    for (var i = bpp; i < row.Length; i++)
                    {
                        int a = row[i - bpp], b = previous[i], c = previous[i - bpp];
                        int pa = Math.Abs(b - c), pb = Math.Abs(a - c), pc = Math.Abs(a + b - c - c);
                        row[i] += (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
                    }

                    break;
                default:
                    throw new ImageFormatException(name, $"row {y}: filter type {filter} is not 0–4 (corrupt data)");
            }

            previous = row;
        }
    }

    /// <summary>Fast path: unfiltered 8-bit grey rows straight to floats.</summary>
    private static void GrayRows8(byte[] raw, int width, int height, float[] pixels)
    {
        for (var y = 0; y < height; y++)
        {
            SampleDecoder.WidenBytes(raw.AsSpan((y * (width + 1)) + 1, width), pixels.AsSpan(y * width, width));
        }
    }

    /// <summary>Writes one unfiltered row of <paramref name="count"/> pixels to columns x0, x0+dx, … of row y.</summary>
    private static void EmitRow(ReadOnlySpan<byte> row, Png png, Image image, int y, int x0, int dx, int count)
    {
        var data = image.Data;
        var plane = image.PlaneSize;
        var rowStart = y * image.Width;
        if (png.BitDepth < 8)
        {
            var depth = png.BitDepth;
            var mask = (1 << depth) - 1;
            var scale = png.ColorType == 0 ? 255 / mask : 1;
            for (var k = 0; k < count; k++)
            {
                var bit = k * depth;
                var sample = (row[bit >> 3] >> (8 - depth - (bit & 7))) & mask;
                var at = rowStart + x0 + (k * dx);
                if (png.ColorType == 3)
                {
                    Palette(png, sample, data, at, plane);
                }
                else
                {
                    data[at] = sample * scale;
                    if (png.TransparentColor is { } key)
                    {
                        data[plane + at] = sample == key[0] ? 0 : 255;
                    }
                }
            }

            return;
        }

        var samples = png.Samples;
        var opaque = png.BitDepth == 16 ? 65535 : 255;
        var transparentColor = png.TransparentColor;
        for (var k = 0; k < count; k++)
        {
            var at = rowStart + x0 + (k * dx);
            if (png.ColorType == 3)
            {
                Palette(png, row[k], data, at, plane);
                continue;
            }

            var transparent = transparentColor is not null;
            for (var c = 0; c < samples; c++)
            {
                var value = png.BitDepth == 16
                    ? (row[2 * ((k * samples) + c)] << 8) | row[(2 * ((k * samples) + c)) + 1]
                    : row[(k * samples) + c];
                data[(c * plane) + at] = value;
                transparent = transparent && value == transparentColor![c];
            }

            if (transparentColor is not null)
            {
                data[(samples * plane) + at] = transparent ? 0 : opaque;
            }
        }
    }

    private static void Palette(Png png, int index, float[] data, int at, int plane)
    {
        var palette = png.Palette!;
        // Indices beyond the palette are an encoder error; libpng and Pillow map them to black.
        var entry = 3 * index;
        var inside = entry + 2 < palette.Length;
        data[at] = inside ? palette[entry] : 0;
        data[plane + at] = inside ? palette[entry + 1] : 0;
        data[(2 * plane) + at] = inside ? palette[entry + 2] : 0;
        if (png.OutputChannels == 4)
        {
            data[(3 * plane) + at] = index < png.Transparency!.Length ? png.Transparency[index] : 255;
        }
    }

    private sealed class Png(int width, int height, int bitDepth, int colorType, int samples, bool interlaced)
    {
        public int Width { get; } = width;

        public int Height { get; } = height;

        public int BitDepth { get; } = bitDepth;

        public int ColorType { get; } = colorType;

        /// <summary>Samples per pixel as stored (palette: 1 index).</summary>
        public int Samples { get; } = samples;

        public bool Interlaced { get; } = interlaced;

        public int BitsPerPixel => Samples * BitDepth;

        public byte[]? Palette { get; set; }

        public byte[]? Transparency { get; set; }

        /// <summary>Stored samples of the one transparent colour of a grey or RGB image (tRNS), else null.</summary>
        public int[]? TransparentColor { get; set; }

        public byte[]? Compressed { get; set; }

        /// <summary>Channels of the decoded image; palette, grey and RGB gain alpha from tRNS, known only after parsing.</summary>
        public int OutputChannels => ColorType == 3 ? (Transparency is null ? 3 : 4) : Samples + (TransparentColor is null ? 0 : 1);
    }
}
