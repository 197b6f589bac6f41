using System.Globalization;
using System.IO.Compression;
using System.Text;
using MedVision.Io;

namespace MedVision.Imaging.Io;

/// <summary>
/// MetaImage (ITK MetaIO) reader: <c>.mhd</c> header with a separate data file, or <c>.mha</c> with the data
/// after the header (<c>ElementDataFile = LOCAL</c>). Fields: ObjectType, NDims 2 or 3, DimSize,
/// ElementType MET_UCHAR … MET_DOUBLE, ElementNumberOfChannels (2-D only), ElementSpacing (or ElementSize),
/// Offset/Origin/Position, TransformMatrix/Orientation/Rotation, BinaryDataByteOrderMSB/ElementByteOrderMSB,
/// CompressedData (zlib) with CompressedDataSize, HeaderSize (−1: data at the end of the file) and
/// ElementDataFile. Confinement rule: ElementDataFile is a relative path without <c>..</c> segments, and its real
/// path (every symbolic link resolved, as <c>realpath(3)</c>) must be a regular file strictly inside the real path
/// of the header's folder; the resolved path is the one opened. File lists (<c>LIST</c>) and numbered patterns
/// (<c>%d</c>, <c>name 1 10 1</c>) are not supported and refused. Geometry follows ITK's MetaImageIO: row i of
/// TransformMatrix is the world direction of index axis i, i.e. column i of <see cref="Volume.Direction"/>.
/// </summary>
public static class MetaImageReader
{
    private const int MaxHeaderBytes = 1 << 16;

    /// <summary>True when the first line looks like a MetaImage header (ObjectType or NDims first).</summary>
    public static bool IsMetaImage(ReadOnlySpan<byte> head) =>
        head.StartsWith("ObjectType"u8) || head.StartsWith("NDims"u8);

    /// <summary>Reads a 3-D (or 2-D, as one slice) scalar volume with the default budgets.</summary>
    public static Volume ReadVolume(string path) => ReadVolume(path, ReadOptions.Default);

    /// <inheritdoc cref="ReadVolume(string)"/>
    public static Volume ReadVolume(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var header = ReadHeader(path, options);
        if (header.Channels != 1)
        {
            throw new ImageFormatException(path, $"ElementNumberOfChannels is {header.Channels}; a volume holds one channel");
        }

        var values = ReadData(header, path, options);
        var direction = new double[9];
        var spacing = new double[] { 1, 1, 1 };
        var origin = new double[3];
        var n = header.Dims.Length;
        for (var i = 0; i < 3; i++)
        {
            direction[(i * 3) + i] = 1;
        }

        for (var axis = 0; axis < n; axis++)
        {
            spacing[axis] = header.Spacing[axis];
            origin[axis] = header.Origin[axis];
            for (var world = 0; world < n; world++)
            {
                direction[(world * 3) + axis] = header.Transform[(axis * n) + world];
            }
        }

        var depth = n == 3 ? header.Dims[2] : 1;
        return new Volume(depth, header.Dims[1], header.Dims[0], values, spacing, origin, direction);
    }

    /// <summary>Reads a 2-D image (channels de-interleaved to planes); a 3-D file must hold a single slice.</summary>
    public static Image ReadImage(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var header = ReadHeader(path, options);
        if (header.Dims.Length == 3 && header.Dims[2] != 1)
        {
            throw new ImageFormatException(path, $"holds a volume of {header.Dims[2]} slices; read it with ImageFile.ReadVolume");
        }

        var values = ReadData(header, path, options);
        int width = header.Dims[0], height = header.Dims[1], channels = header.Channels;
        if (channels == 1)
        {
            return new Image(1, height, width, values);
        }

        var image = new Image(channels, height, width);
        var plane = width * height;
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                image.Data[(c * plane) + i] = values[(i * channels) + c];
            }
        }

        return image;
    }

    /// <summary>Header facts: sizes (x, y[, z]), channels, element type, spacing, origin, data file and compression.</summary>
    public static ImageInfo Inspect(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var h = ReadHeader(path, options);
        return new ImageInfo(
            "MetaImage",
            h.Dims.Select(d => (long)d).ToArray(),
            h.Channels,
            h.ElementType.ToString().ToLowerInvariant(),
            h.Spacing,
            h.Origin,
            new Dictionary<string, string>
            {
                ["element_type"] = h.MetType,
                ["data_file"] = h.DataFile ?? "LOCAL",
                ["compressed"] = h.Compressed ? "true" : "false",
                ["byte_order"] = h.BigEndian ? "big" : "little",
                ["transform_matrix"] = string.Join(" ", h.Transform.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
            });
    }

    private static float[] ReadData(MetaHeader h, string path, ReadOptions options)
    {
        var itemSize = NpyReader.ItemSize(h.ElementType);
        var expected = h.Count * itemSize;
        options.CheckBytes(path, "DimSize × element size", expected);
        var dataPath = h.DataFile ?? path;
        using var stream = ReadOptions.OpenFile(dataPath);
        long start = h.DataFile is null ? h.HeaderEnd : 0;
        var stored = h.Compressed ? h.CompressedSize ?? stream.Length - start : expected;
        if (h.HeaderSize == -1)
        {
            start = stream.Length - stored;
        }
        else if (h.HeaderSize > 0)
        {
            start += h.HeaderSize;
        }

        if (start < 0 || stored > stream.Length - start)
        {
            throw new ImageFormatException(dataPath, $"{(h.Compressed ? "CompressedDataSize" : "DimSize × element size")}: {stored} data bytes needed from byte {start}, file holds {stream.Length} (truncated file?)");
        }

        options.CheckBytes(dataPath, "data size", stored);
        var raw = options.Allocate<byte>(dataPath, "DimSize × element size", expected);
        stream.Position = start;
        if (h.Compressed)
        {
            if (expected > Deflate.MaxInflatedSize(stored))
            {
                throw new ImageFormatException(dataPath, $"CompressedData: {stored} compressed bytes cannot inflate to the {expected} bytes DimSize needs (truncated file or lying header)");
            }

            var compressed = options.Allocate<byte>(dataPath, "CompressedDataSize", stored);
            stream.ReadExactly(compressed);
            try
            {
                using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
                var read = zlib.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
                if (read < raw.Length)
                {
                    throw new ImageFormatException(dataPath, $"CompressedData inflates to {read} bytes, DimSize needs {raw.Length} (truncated file?)");
                }
            }
            catch (InvalidDataException e)
            {
                throw new ImageFormatException(dataPath, $"CompressedData zlib stream is corrupt: {e.Message}", e);
            }
        }
        else
        {
            stream.ReadExactly(raw);
        }

        var values = options.Allocate<float>(path, "DimSize × ElementNumberOfChannels", h.Count);
        SampleDecoder.ToFloat(raw, h.ElementType, h.BigEndian, values);
        return values;
    }

    private static MetaHeader ReadHeader(string path, ReadOptions options)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        long headerEnd;
        using (var stream = ReadOptions.OpenFile(path))
        {
            var head = new byte[(int)Math.Min(stream.Length, MaxHeaderBytes)];
            stream.ReadExactly(head);
            var pos = 0;
            while (true)
            {
                var newline = Array.IndexOf(head, (byte)'\n', pos);
                if (newline < 0)
                {
                    throw new ImageFormatException(path, $"header: no ElementDataFile line in the first {head.Length} bytes (truncated or not a MetaImage header)");
                }

                var line = Encoding.Latin1.GetString(head, pos, newline - pos).Trim();
                pos = newline + 1;
                if (line.Length == 0)
                {
                    continue;
                }

                var eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    throw new ImageFormatException(path, $"header line '{Clip(line)}' is not 'Key = Value'");
                }

                var key = line[..eq].Trim();
                fields[key] = line[(eq + 1)..].Trim();
                if (key.Equals("ElementDataFile", StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }
            }

            headerEnd = pos;
        }

        string Field(string key) => fields.TryGetValue(key, out var v) ? v : throw new ImageFormatException(path, $"header field {key} is missing");
        string? Optional(params string[] keys) => keys.Select(k => fields.GetValueOrDefault(k)).FirstOrDefault(v => v is not null);

        if (Optional("ObjectType") is { } objectType && !objectType.Equals("Image", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImageFormatException(path, $"ObjectType is '{objectType}', expected Image");
        }

        var ndims = ParseInt(Field("NDims"), path, "NDims");
        if (ndims is not (2 or 3))
        {
            throw new ImageFormatException(path, $"NDims must be 2 or 3, got {ndims}");
        }

        var dimValues = ParseNumbers(Field("DimSize"), ndims, path, "DimSize");
        var dims = dimValues.Select(d => (long)d).ToArray();
        if (dimValues.Any(d => d < 1 || d > int.MaxValue || d != Math.Floor(d)))
        {
            throw new ImageFormatException(path, $"DimSize must be {ndims} integers in 1…2^31−1, got '{Clip(Field("DimSize"))}'");
        }

        var channels = Optional("ElementNumberOfChannels") is { } ch ? ParseInt(ch, path, "ElementNumberOfChannels") : 1;
        if (channels < 1 || channels > 4 || (channels > 1 && ndims == 3))
        {
            throw new ImageFormatException(path, $"ElementNumberOfChannels must be 1 (or 2–4 for 2-D images), got {channels}");
        }

        long count = channels;
        foreach (var d in dims)
        {
            count *= d;
            options.CheckValues(path, "DimSize × ElementNumberOfChannels", count);
        }

        var metType = Field("ElementType").ToUpperInvariant();
        NpyDType elementType = metType switch
        {
            "MET_UCHAR" => NpyDType.UInt8,
            "MET_CHAR" => NpyDType.Int8,
            "MET_USHORT" => NpyDType.UInt16,
            "MET_SHORT" => NpyDType.Int16,
            "MET_UINT" or "MET_ULONG" => NpyDType.UInt32,
            "MET_INT" or "MET_LONG" => NpyDType.Int32,
            "MET_ULONG_LONG" => NpyDType.UInt64,
            "MET_LONG_LONG" => NpyDType.Int64,
            "MET_FLOAT" => NpyDType.Float32,
            "MET_DOUBLE" => NpyDType.Float64,
            _ => throw new ImageFormatException(path, $"ElementType '{Clip(metType)}' is not one of MET_UCHAR, MET_CHAR, MET_USHORT, MET_SHORT, MET_UINT, MET_INT, MET_ULONG, MET_LONG, MET_ULONG_LONG, MET_LONG_LONG, MET_FLOAT, MET_DOUBLE"),
        };

        var spacing = Optional("ElementSpacing", "ElementSize") is { } sp ? ParseNumbers(sp, ndims, path, "ElementSpacing") : Enumerable.Repeat(1.0, ndims).ToArray();
        var origin = Optional("Offset", "Origin", "Position") is { } of ? ParseNumbers(of, ndims, path, "Offset") : new double[ndims];
        double[] transform;
        if (Optional("TransformMatrix", "Orientation", "Rotation") is { } tm)
        {
            transform = ParseNumbers(tm, ndims * ndims, path, "TransformMatrix");
        }
        else
        {
            transform = new double[ndims * ndims];
            for (var i = 0; i < ndims; i++)
            {
                transform[(i * ndims) + i] = 1;
            }
        }

        var bigEndian = ParseBool(Optional("BinaryDataByteOrderMSB", "ElementByteOrderMSB"), path, "BinaryDataByteOrderMSB");
        var compressed = ParseBool(Optional("CompressedData"), path, "CompressedData");
        long? compressedSize = Optional("CompressedDataSize") is { } cs ? ParseLong(cs, path, "CompressedDataSize") : null;
        if (compressedSize is < 0)
        {
            throw new ImageFormatException(path, $"CompressedDataSize must be ≥ 0, got {compressedSize}");
        }

        var headerSize = Optional("HeaderSize") is { } hs ? ParseLong(hs, path, "HeaderSize") : 0;
        if (headerSize < -1)
        {
            throw new ImageFormatException(path, $"HeaderSize must be ≥ −1, got {headerSize}");
        }

        var dataFile = ResolveDataFile(Field("ElementDataFile"), path);
        return new MetaHeader(
            dims.Select(d => (int)d).ToArray(), channels, count, elementType, metType, spacing, origin, transform, bigEndian,
            compressed, compressedSize, headerSize, dataFile, headerEnd);
    }

    /// <summary>The data file's full path, or null for LOCAL; refuses anything outside the header's folder.</summary>
    private static string? ResolveDataFile(string value, string headerPath)
    {
        if (value.Equals("LOCAL", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (value.StartsWith("LIST", StringComparison.OrdinalIgnoreCase) || value.Contains('%', StringComparison.Ordinal) || value.Contains(' ', StringComparison.Ordinal) && char.IsAsciiDigit(value[^1]))
        {
            throw new ImageFormatException(headerPath, $"ElementDataFile '{Clip(value)}': file lists and patterns are not supported; convert to one .raw file");
        }

        if (value.Length == 0 || Path.IsPathRooted(value) || value.Contains(':', StringComparison.Ordinal) || value.Any(char.IsControl))
        {
            throw new ImageFormatException(headerPath, $"ElementDataFile '{Clip(value)}' must be a relative path inside the header's folder");
        }

        if (value.Replace('\\', '/').Split('/').Contains(".."))
        {
            throw new ImageFormatException(headerPath, $"ElementDataFile '{Clip(value)}' leads outside the header's folder ('..')");
        }

        // Confine the file that will be opened, not the name: both sides with every link resolved.
        var fail = ReadOptions.Fail(headerPath);
        var folder = RealPath.Resolve(Path.GetDirectoryName(Path.GetFullPath(headerPath))!, fail);
        var full = RealPath.Resolve(Path.Combine(folder, value), fail);
        if (!RealPath.IsInside(full, folder))
        {
            throw new ImageFormatException(headerPath, $"ElementDataFile '{Clip(value)}' resolves to {Clip(full)}, outside the header's folder {Clip(folder)} (symbolic link?)");
        }

        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new ImageFormatException(headerPath, $"ElementDataFile '{Clip(value)}' does not exist beside the header");
        }

        RegularFile.Check(full, detail => new ImageFormatException(headerPath, $"ElementDataFile '{Clip(value)}' {detail}"));
        return full;
    }

    private static double[] ParseNumbers(string text, int count, string path, string field)
    {
        var parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < count)
        {
            throw new ImageFormatException(path, $"{field} needs {count} numbers, got '{Clip(text)}'");
        }

        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new ImageFormatException(path, $"{field} value '{Clip(parts[i])}' is not a finite number");
            }
        }

        return values;
    }

    private static int ParseInt(string text, string path, string field) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new ImageFormatException(path, $"{field} '{Clip(text)}' is not an integer");

    private static long ParseLong(string text, string path, string field) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new ImageFormatException(path, $"{field} '{Clip(text)}' is not an integer");

    private static bool ParseBool(string? text, string path, string field) => text?.ToUpperInvariant() switch
    {
        null or "FALSE" or "0" => false,
        "TRUE" or "1" => true,
        _ => throw new ImageFormatException(path, $"{field} must be True or False, got '{Clip(text)}'"),
    };

    private static string Clip(string text) => MessageText.Sanitise(text);

    private sealed record MetaHeader(
        int[] Dims,
        int Channels,
        long Count,
        NpyDType ElementType,
        string MetType,
        double[] Spacing,
        double[] Origin,
        double[] Transform,
        bool BigEndian,
        bool Compressed,
        long? CompressedSize,
        long HeaderSize,
        string? DataFile,
        long HeaderEnd);
}
