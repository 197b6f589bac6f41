using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using MedVision.Io;

namespace MedVision.Nn.Weights;

/// <summary>
/// Reads and writes the safetensors format (huggingface/safetensors): an 8-byte little-endian header length
/// N, N bytes of UTF-8 JSON mapping each name to <c>{dtype, shape, data_offsets: [begin, end]}</c> (offsets
/// relative to the end of the header) plus an optional <c>__metadata__</c> string map, then the data.
/// Reading validates as the reference Rust implementation does: N ≤ 100 MB and inside the file, the header
/// is a JSON object, tensors sorted by offset are contiguous and non-overlapping, each byte range equals
/// dtype size × shape product, and the last range ends exactly at the end of the file (no trailing bytes).
/// F32, F16, BF16, F64, I64, I32 and U8/BOOL are read into float32; writing produces F32.
/// </summary>
public static class SafeTensors
{
    /// <summary>Largest header accepted, as in the reference implementation.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads the safetensors file at <paramref name="path"/> with the default budget.</summary>
    /// <exception cref="WeightFormatException">The file is malformed, not a regular file, or over budget; the message names it and the problem.</exception>
    public static WeightDict Read(string path) => Read(path, WeightReadOptions.Default);

    /// <summary>Reads the safetensors file at <paramref name="path"/> within <paramref name="options"/>' budget.</summary>
    public static WeightDict Read(string path, WeightReadOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        return Read(RegularFile.ReadAll(path, options.MaxBytes, WeightReadOptions.Budget, WeightReadOptions.Fail(path)), path, options);
    }

    /// <summary>Reads a safetensors image held in memory; <paramref name="source"/> names it in errors.</summary>
    public static WeightDict Read(ReadOnlySpan<byte> bytes, string source = "<memory>") => Read(bytes, source, WeightReadOptions.Default);

    /// <summary>Reads a safetensors image held in memory within <paramref name="options"/>' budget.</summary>
    public static WeightDict Read(ReadOnlySpan<byte> bytes, string source, WeightReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (bytes.Length < 8)
        {
            throw new WeightFormatException(source, $"header too small: the file has {bytes.Length} bytes, fewer than the 8-byte length prefix");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes)
        {
            throw new WeightFormatException(source, $"header too large: {headerLength} bytes declared, at most {MaxHeaderBytes} allowed");
        }

        if ((long)headerLength > bytes.Length - 8)
        {
            throw new WeightFormatException(source, $"invalid header length: {headerLength} bytes declared but only {bytes.Length - 8} follow the prefix");
        }

        var headerBytes = bytes.Slice(8, (int)headerLength);
        var data = bytes[(8 + (int)headerLength)..];
        var entries = ParseHeader(headerBytes, source, out var metadata);

        // Contiguity as the reference checks it: sorted by offsets, each range starts where the previous ended.
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long position = 0;
        var result = new WeightDict();
        foreach (var e in entries)
        {
            if (e.Begin != position)
            {
                var what = e.Begin < position ? "overlaps the previous tensor" : "leaves a gap after the previous tensor";
                throw new WeightFormatException(source, $"invalid offset for '{e.Name}': data_offsets [{e.Begin}, {e.End}] {what} (expected begin {position})");
            }

            // Dimensions are 0…2^31−1 (ParseEntry), so the product is checked one step at a time before it can overflow.
            long count = 1;
            foreach (var d in e.Shape)
            {
                count = d == 0 || count <= long.MaxValue / 8 / d ? count * d
                    : throw new WeightFormatException(source, $"tensor '{e.Name}' shape [{string.Join(", ", e.Shape)}] has more elements than any file can hold");
            }

            var size = DtypeSize(e.Dtype);
            if (count * size != e.End - e.Begin)
            {
                throw new WeightFormatException(source, $"tensor '{e.Name}' ({e.Dtype}, shape [{string.Join(", ", e.Shape)}]) needs {count * size} bytes but data_offsets span {e.End - e.Begin}");
            }

            if (e.End > data.Length)
            {
                throw new WeightFormatException(source, $"tensor '{e.Name}' data_offsets [{e.Begin}, {e.End}] run past the end of the data ({data.Length} bytes)");
            }

            if (count > Array.MaxLength)
            {
                throw new WeightFormatException(source, $"tensor '{e.Name}' has {count} elements, more than an array can hold");
            }

            position = e.End;
            var values = options.Allocate<float>(source, $"tensor '{e.Name}'", count);
            Convert(e.Dtype, data[(int)e.Begin..(int)e.End], values);
            result.Add(e.Name, e.Shape, values);
        }

        if (position != data.Length)
        {
            throw new WeightFormatException(source, $"metadata incomplete buffer: tensors end at byte {position} of the data but the file holds {data.Length} ({data.Length - position} trailing bytes)");
        }

        foreach (var (key, value) in metadata)
        {
            result.Metadata[key] = value;
        }

        return result;
    }

    /// <summary>Writes <paramref name="weights"/> to <paramref name="path"/> as F32 safetensors (entries in order).</summary>
    public static void Write(string path, WeightDict weights)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(weights);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        WriteTo(file, weights);
    }

    /// <summary>The F32 safetensors image of <paramref name="weights"/>; the header is space-padded to 8 bytes.</summary>
    public static byte[] ToBytes(WeightDict weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        using var image = new MemoryStream();
        WriteTo(image, weights);
        return image.ToArray();
    }

    /// <summary>
    /// Streams the safetensors image of <paramref name="weights"/> to <paramref name="destination"/>, tensor by tensor,
    /// without building the whole file in memory (a training checkpoint is model, optimiser and best weights: hundreds
    /// of megabytes for a ResNet, every epoch).
    /// </summary>
    public static void WriteTo(Stream destination, WeightDict weights)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(weights);
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (weights.Metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in weights.Metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, tensor) in weights)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var d in tensor.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += 4L * tensor.Count;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        var headerLength = (int)header.Length;
        var padded = (headerLength + 7) / 8 * 8;
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)padded);
        destination.Write(prefix);
        destination.Write(header.GetBuffer().AsSpan(0, headerLength));
        for (var i = headerLength; i < padded; i++)
        {
            destination.WriteByte((byte)' ');
        }

        var swapped = BitConverter.IsLittleEndian ? null : new byte[1 << 16];
        foreach (var (_, tensor) in weights)
        {
            if (swapped is null)
            {
                destination.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.Values.AsSpan()));
                continue;
            }

            for (var start = 0; start < tensor.Count; start += swapped.Length / 4)
            {
                var count = Math.Min(swapped.Length / 4, tensor.Count - start);
                for (var i = 0; i < count; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(swapped.AsSpan(4 * i), tensor.Values[start + i]);
                }

                destination.Write(swapped, 0, 4 * count);
            }
        }
    }

    private sealed record Entry(string Name, string Dtype, int[] Shape, long Begin, long End);

    private static List<Entry> ParseHeader(ReadOnlySpan<byte> header, string source, out List<(string Key, string Value)> metadata)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(header);
        }
        catch (DecoderFallbackException e)
        {
            throw new WeightFormatException(source, "invalid header: not UTF-8", e);
        }

        if (!text.StartsWith('{'))
        {
            throw new WeightFormatException(source, "invalid header start: the JSON header must begin with '{'");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text.TrimEnd(' '));
        }
        catch (JsonException e)
        {
            throw new WeightFormatException(source, $"invalid header deserialization: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new WeightFormatException(source, "invalid header: the JSON header must be an object");
            }

            metadata = [];
            var entries = new List<Entry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new WeightFormatException(source, $"invalid header: '{property.Name}' appears twice");
                }

                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw new WeightFormatException(source, "invalid header: __metadata__ must be an object of strings");
                    }

                    foreach (var m in property.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String)
                        {
                            throw new WeightFormatException(source, $"invalid header: __metadata__ value '{m.Name}' must be a string");
                        }

                        metadata.Add((m.Name, m.Value.GetString()!));
                    }

                    continue;
                }

                entries.Add(ParseEntry(property, source));
            }

            return entries;
        }
    }

    private static Entry ParseEntry(JsonProperty property, string source)
    {
        var name = property.Name;
        var info = property.Value;
        if (name.Length == 0)
        {
            throw new WeightFormatException(source, "invalid header: a tensor has an empty name");
        }

        if (info.ValueKind != JsonValueKind.Object
            || !info.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !info.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !info.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
        {
            throw new WeightFormatException(source, $"invalid header entry '{name}': expected {{\"dtype\", \"shape\", \"data_offsets\": [begin, end]}}");
        }

        var dtype = dtypeElement.GetString()!;
        if (DtypeSize(dtype) == 0)
        {
            throw new WeightFormatException(source, $"tensor '{name}' has dtype '{dtype}'; readable are F32, F16, BF16, F64, I64, I32, U8, BOOL");
        }

        var shape = new int[shapeElement.GetArrayLength()];
        var k = 0;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out shape[k]) || shape[k] < 0)
            {
                throw new WeightFormatException(source, $"tensor '{name}' has an invalid shape dimension {d.GetRawText()}");
            }

            k++;
        }

        var offsets = new long[2];
        k = 0;
        foreach (var o in offsetsElement.EnumerateArray())
        {
            if (o.ValueKind != JsonValueKind.Number || !o.TryGetInt64(out offsets[k]) || offsets[k] < 0)
            {
                throw new WeightFormatException(source, $"tensor '{name}' has an invalid data offset {o.GetRawText()}");
            }

            k++;
        }

        if (offsets[1] < offsets[0])
        {
            throw new WeightFormatException(source, $"tensor '{name}' has data_offsets [{offsets[0]}, {offsets[1]}] that end before they begin");
        }

        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static int DtypeSize(string dtype) => dtype switch
    {
        "F64" or "I64" => 8,
        "F32" or "I32" => 4,
        "F16" or "BF16" => 2,
        "U8" or "BOOL" => 1,
        _ => 0,
    };

    private static void Convert(string dtype, ReadOnlySpan<byte> src, Span<float> dst)
    {
        switch (dtype)
        {
            case "F32":
                for (var i = 0; i < dst.Length; i++)
                {
                    dst[i] = BinaryPrimitives.ReadSingleLittleEndian(src[(4 * i)..]);
                }

                break;
            case "F64":
                for (var i = 0; i < dst.Length; i++)
                {
                    dst[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(src[(8 * i)..]);
                }

                break;
            case "F16":
                for (var i = 0; i < dst.Length; i++)
                {
                    dst[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(src[(2 * i)..]);
                }

                break;
            case "BF16":
                for (var i = 0; i < dst.Length; i++)
                {
                    dst[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]) << 16);
                }

                break;
            case "I64":
                for (var i = 0; i < dst.Length; i++)
                {
                    dst[i] = BinaryPrimitives.ReadInt64LittleEndian(src[(8 * i)..]);
                }

                break;
            case "I32":
                for (var i = 0; i < dst.Length; i++)
                {
                    dst[i] = BinaryPrimitives.ReadInt32LittleEndian(src[(4 * i)..]);
                }

                break;
            default:
                for (var i = 0; i < dst.Length; i++)
                {
                    dst[i] = src[i];
                }

                break;
        }
    }
}
