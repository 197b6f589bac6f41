using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MedVision.Imaging.Io;

/// <summary>
/// NumPy <c>.npy</c> reader (format versions 1.0, 2.0 and 3.0, as <c>numpy.lib.format</c> writes them): element
/// types bool, u1, i1, u2, i2, u4, i4, u8, i8, f4, f8 in either byte order, C or Fortran order (returned in C
/// order). Object arrays, structured dtypes and anything else that would need unpickling are refused.
/// </summary>
public static class NpyReader
{
    private const int MaxHeaderLength = 1 << 16;

    /// <summary>Most bytes before the data: the 12-byte prefix of versions 2 and 3 and the longest header accepted.</summary>
    internal const int MaxPrefixedHeader = 12 + MaxHeaderLength;

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>True for the <c>\x93NUMPY</c> magic.</summary>
    public static bool IsNpy(ReadOnlySpan<byte> head) => head.StartsWith(Magic);

    /// <summary>Reads an array with the default budgets.</summary>
    public static NpyArray Read(string path) => Read(path, ReadOptions.Default);

    /// <inheritdoc cref="Read(string)"/>
    public static NpyArray Read(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Decode(options.ReadFile(path), path, options);
    }

    /// <summary>Decodes <c>.npy</c> bytes; <paramref name="name"/> names the source in errors.</summary>
    public static NpyArray Decode(ReadOnlySpan<byte> bytes, string name, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var header = ParseHeader(bytes, name, options);
        var data = bytes[header.DataOffset..];
        var count = (int)header.Count;
        var bigEndian = header.BigEndian;
        var cShape = header.FortranOrder ? header.Shape.Reverse().ToArray() : header.Shape;
        NpyArray array;
        if (Wide(header.DType))
        {
            var values = options.Allocate<double>(name, "header 'shape'", count);
            for (var i = 0; i < count; i++)
            {
                values[i] = SampleDecoder.Wide(data, header.DType, bigEndian, i);
            }

            array = new NpyArray(cShape, values, header.DType);
        }
        else
        {
            var values = options.Allocate<float>(name, "header 'shape'", count);
            SampleDecoder.ToFloat(data, header.DType, bigEndian, values);
            array = new NpyArray(cShape, values, header.DType);
        }

        return header.FortranOrder ? ReverseAxes(array, header.Shape) : array;
    }

    /// <summary>
    /// An image from an array: (H, W) is one channel, (H, W, C) with C ≤ 4 is C channels (the layout of
    /// <c>numpy.asarray(PIL.Image)</c> and <c>cv2.imread</c>); other shapes are an <see cref="ImageFormatException"/>.
    /// </summary>
    public static Image ReadImage(string path, ReadOptions options)
    {
        var array = Read(path, options);
        return ToImage(array, path);
    }

    /// <summary>A volume from a (D, H, W) array (or (H, W) as one slice); unit spacing, zero origin.</summary>
    public static Volume ReadVolume(string path, ReadOptions options)
    {
        var array = Read(path, options);
        var s = array.Shape;
        return s.Length switch
        {
            2 => new Volume(1, s[0], s[1], array.ToFloatArray()),
            3 => new Volume(s[0], s[1], s[2], array.ToFloatArray()),
            _ => throw new ImageFormatException(path, $"shape ({string.Join(", ", s)}): a volume needs 2 or 3 dimensions (D, H, W)"),
        };
    }

    /// <summary>Header facts: shape (reported x, y[, z] for images and volumes), element type and order.</summary>
    public static ImageInfo Inspect(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var header = ParseHeader(options.ReadFile(path), path, options);
        var s = header.Shape;
        var (sizes, channels) = s.Length switch
        {
            2 => (new long[] { s[1], s[0] }, 1),
            3 when s[2] <= 4 => ([s[1], s[0]], s[2]),
            _ => (s.Reverse().Select(d => (long)d).ToArray(), 1),
        };
        return new ImageInfo("NumPy", sizes, channels, header.DType.ToString().ToLowerInvariant(), Properties: new Dictionary<string, string>
        {
            ["shape"] = "(" + string.Join(", ", s) + ")",
            ["byte_order"] = header.BigEndian ? "big" : "little",
            ["fortran_order"] = header.FortranOrder ? "true" : "false",
        });
    }

    /// <summary>The image an (H, W) or (H, W, C ≤ 4) array holds; <paramref name="path"/> names it in errors.</summary>
    public static Image ToImage(NpyArray array, string path)
    {
        ArgumentNullException.ThrowIfNull(array);
        var s = array.Shape;
        if (s.Length == 2)
        {
            return new Image(1, s[0], s[1], array.ToFloatArray());
        }

        if (s.Length == 3 && s[2] is >= 1 and <= 4)
        {
            // (H, W, C) interleaved → planar (C, H, W).
            var source = array.ToFloatArray();
            var image = new Image(s[2], s[0], s[1]);
            var plane = s[0] * s[1];
            for (var i = 0; i < plane; i++)
            {
                for (var c = 0; c < s[2]; c++)
                {
                    image.Data[(c * plane) + i] = source[(i * s[2]) + c];
                }
            }

            return image;
        }

        throw new ImageFormatException(path, $"shape ({string.Join(", ", s)}): an image needs (H, W) or (H, W, C) with C ≤ 4; read 3-D arrays with ImageFile.ReadVolume");
    }

    private static bool Wide(NpyDType t) => t is NpyDType.Int32 or NpyDType.UInt32 or NpyDType.Int64 or NpyDType.UInt64 or NpyDType.Float64;

    internal static int ItemSize(NpyDType t) => t switch
    {
        NpyDType.Bool or NpyDType.UInt8 or NpyDType.Int8 => 1,
        NpyDType.UInt16 or NpyDType.Int16 => 2,
        NpyDType.Int32 or NpyDType.UInt32 or NpyDType.Float32 => 4,
        _ => 8,
    };

    /// <summary>Fortran-order data read as C order of the reversed shape → C order of <paramref name="shape"/>.</summary>
    private static NpyArray ReverseAxes(NpyArray reversed, int[] shape)
    {
        var n = shape.Length;
        var count = reversed.Count;
        // Fortran strides of shape: element (i0, …, in-1) lives at Σ i_k · Π_{j<k} d_j.
        var strides = new long[n];
        long stride = 1;
        for (var k = 0; k < n; k++)
        {
            strides[k] = stride;
            stride *= shape[k];
        }

        var index = new int[n];
        var source = new long[count];
        long offset = 0;
        for (var i = 0; i < count; i++)
        {
            source[i] = offset;
            for (var k = n - 1; k >= 0; k--)
            {
                index[k]++;
                offset += strides[k];
                if (index[k] < shape[k])
                {
                    break;
                }

                offset -= strides[k] * shape[k];
                index[k] = 0;
            }
        }

        if (reversed.Floats is { } f)
        {
            var values = new float[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = f[source[i]];
            }

            return new NpyArray(shape, values, reversed.DType);
        }

        var d = reversed.Doubles!;
        var doubles = new double[count];
        for (var i = 0; i < count; i++)
        {
            doubles[i] = d[source[i]];
        }

        return new NpyArray(shape, doubles, reversed.DType);
    }

    /// <summary>
    /// The size of the whole .npy file that <paramref name="head"/> (its first bytes: at least the header) declares:
    /// header plus shape × item size, with the shape already checked against <see cref="ReadOptions.MaxPixels"/>.
    /// </summary>
    internal static long DeclaredSize(ReadOnlySpan<byte> head, string name, ReadOptions options)
    {
        var header = ParseHeader(head, name, options, requireData: false);
        return header.DataOffset + (header.Count * ItemSize(header.DType));
    }

    private static Header ParseHeader(ReadOnlySpan<byte> bytes, string name, ReadOptions options, bool requireData = true)
    {
        if (bytes.Length < 10 || !IsNpy(bytes))
        {
            throw new ImageFormatException(name, "not a .npy file (magic \\x93NUMPY missing)");
        }

        int major = bytes[6];
        if (major is < 1 or > 3)
        {
            throw new ImageFormatException(name, $"format version {major}.{bytes[7]} is not 1.0, 2.0 or 3.0");
        }

        var prefix = major == 1 ? 10 : 12;
        if (bytes.Length < prefix)
        {
            throw new ImageFormatException(name, "header length: file ends (truncated file?)");
        }

        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (headerLength > MaxHeaderLength || headerLength > bytes.Length - prefix)
        {
            throw new ImageFormatException(name, $"header length {headerLength} exceeds the {Math.Min(bytes.Length - prefix, MaxHeaderLength)} bytes allowed (truncated file?)");
        }

        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes.Slice(prefix, (int)headerLength));
        var dict = new HeaderParser(text, name).ParseDict();
        if (!dict.TryGetValue("descr", out var descrValue) || descrValue is not string descr)
        {
            throw new ImageFormatException(name, $"header 'descr' must be a dtype string, got {Show(descrValue)} (structured arrays are not supported)");
        }

        if (!dict.TryGetValue("fortran_order", out var fortranValue) || fortranValue is not bool fortran)
        {
            throw new ImageFormatException(name, $"header 'fortran_order' must be True or False, got {Show(fortranValue)}");
        }

        if (!dict.TryGetValue("shape", out var shapeValue) || shapeValue is not List<long> dims)
        {
            throw new ImageFormatException(name, $"header 'shape' must be a tuple of integers, got {Show(shapeValue)}");
        }

        var (dtype, bigEndian) = ParseDescr(descr, name);
        long count = 1;
        foreach (var d in dims)
        {
            if (d is < 0 or > int.MaxValue)
            {
                throw new ImageFormatException(name, $"header 'shape' dimension {d} is outside 0…2^31−1");
            }

            count *= d;
            options.CheckValues(name, "header 'shape'", count);
        }

        var itemSize = ItemSize(dtype);
        var available = bytes.Length - prefix - headerLength;
        if (requireData && count * itemSize > available)
        {
            throw new ImageFormatException(name, $"data: shape ({string.Join(", ", dims)}) of {descr} needs {count * itemSize} bytes, {available} present (truncated file?)");
        }

        return new Header(dtype, bigEndian, fortran, dims.Select(d => (int)d).ToArray(), count, prefix + (int)headerLength);
    }

    private static string Show(object? value) => value switch
    {
        null => "nothing",
        List<long> list => "(" + string.Join(", ", list) + ")",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };

    private static (NpyDType Type, bool BigEndian) ParseDescr(string descr, string name)
    {
        if (descr.Length < 2)
        {
            throw new ImageFormatException(name, $"header 'descr' '{descr}' is not a dtype");
        }

        var order = descr[0];
        var code = descr[1..];
        if (order is not ('<' or '>' or '|' or '='))
        {
            code = descr;
            order = '|';
        }

        NpyDType? type = code switch
        {
            "b1" or "?" => NpyDType.Bool,
            "u1" => NpyDType.UInt8,
            "i1" => NpyDType.Int8,
            "u2" => NpyDType.UInt16,
            "i2" => NpyDType.Int16,
            "u4" => NpyDType.UInt32,
            "i4" => NpyDType.Int32,
            "u8" => NpyDType.UInt64,
            "i8" => NpyDType.Int64,
            "f4" => NpyDType.Float32,
            "f8" => NpyDType.Float64,
            _ => null,
        };
        if (type is null)
        {
            var why = code.StartsWith('O') ? "object arrays need unpickling, which MedVision refuses" : "unsupported element type";
            throw new ImageFormatException(name, $"header 'descr' '{descr}': {why} (supported: b1, u1, i1, u2, i2, u4, i4, u8, i8, f4, f8)");
        }

        return (type.Value, order == '>' || (order == '=' && !BitConverter.IsLittleEndian));
    }

    private sealed record Header(NpyDType DType, bool BigEndian, bool FortranOrder, int[] Shape, long Count, int DataOffset);

    /// <summary>The Python literal subset numpy writes: a dict of str keys to str, bool or tuple-of-int values.</summary>
    private sealed class HeaderParser(string text, string name)
    {
        private int _pos;

        public Dictionary<string, object> ParseDict()
        {
            var result = new Dictionary<string, object>(StringComparer.Ordinal);
            Expect('{');
            while (true)
            {
                SkipSpace();
                if (Peek() == '}')
                {
                    _pos++;
                    return result;
                }

                var key = ParseString();
                Expect(':');
                result[key] = ParseValue();
                SkipSpace();
                if (Peek() == ',')
                {
                    _pos++;
                }
                else if (Peek() != '}')
                {
                    throw Error("',' or '}'");
                }
            }
        }

        private object ParseValue()
        {
            SkipSpace();
            var c = Peek();
            if (c is '\'' or '"')
            {
                return ParseString();
            }

            if (c == '(')
            {
                _pos++;
                var items = new List<long>();
                while (true)
                {
                    SkipSpace();
                    if (Peek() == ')')
                    {
                        _pos++;
                        return items;
                    }

                    items.Add(ParseInteger());
                    SkipSpace();
                    if (Peek() == ',')
                    {
                        _pos++;
                    }
                    else if (Peek() != ')')
                    {
                        throw Error("',' or ')'");
                    }
                }
            }

            foreach (var (word, value) in new[] { ("True", true), ("False", false) })
            {
                if (string.CompareOrdinal(text, _pos, word, 0, word.Length) == 0)
                {
                    _pos += word.Length;
                    return value;
                }
            }

            throw Error("a string, a tuple or True/False (lists and other values would describe structured or object dtypes)");
        }

        private long ParseInteger()
        {
            var start = _pos;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos]) && _pos - start < 12)
            {
                _pos++;
            }

            if (_pos < text.Length && text[_pos] == 'L')
            {
                _pos++;
                return long.Parse(text.AsSpan(start, _pos - start - 1), CultureInfo.InvariantCulture);
            }

            return _pos == start ? throw Error("a non-negative integer") : long.Parse(text.AsSpan(start, _pos - start), CultureInfo.InvariantCulture);
        }

        private string ParseString()
        {
            SkipSpace();
            var quote = Peek();
            if (quote is not ('\'' or '"'))
            {
                throw Error("a quoted string");
            }

            var end = text.IndexOf(quote, _pos + 1);
            if (end < 0)
            {
                throw Error("a closing quote");
            }

            var value = text[(_pos + 1)..end];
            _pos = end + 1;
            return value;
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (Peek() != c)
            {
                throw Error($"'{c}'");
            }

            _pos++;
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private ImageFormatException Error(string expected) =>
            new(name, $"header dictionary at character {_pos}: expected {expected}, found '{(_pos < text.Length ? text[_pos] : "end")}'");
    }
}
