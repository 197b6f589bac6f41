using System.Buffers.Binary;
using System.Runtime.Intrinsics;

namespace MedVision.Imaging.Io;

/// <summary>Converts packed samples of a NumPy/MetaImage element type to float32 (the shared inner loop of the raw-array readers).</summary>
internal static class SampleDecoder
{
    /// <summary>
    /// Decodes <paramref name="destination"/>.Length samples of <paramref name="type"/> from <paramref name="source"/>
    /// (which must hold at least that many); 32/64-bit integers and doubles round to the nearest float.
    /// </summary>
    public static void ToFloat(ReadOnlySpan<byte> source, NpyDType type, bool bigEndian, Span<float> destination)
    {
        var n = destination.Length;
        switch (type)
        {
            case NpyDType.Bool:
                for (var i = 0; i < n; i++)
                {
                    destination[i] = source[i] != 0 ? 1 : 0;
                }

                break;
            case NpyDType.UInt8:
                WidenBytes(source[..n], destination);
                break;
            case NpyDType.Int8:
                for (var i = 0; i < n; i++)
                {
                    destination[i] = (sbyte)source[i];
                }

                break;
            case NpyDType.UInt16:
                for (var i = 0; i < n; i++)
                {
                    destination[i] = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(source[(2 * i)..]) : BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]);
                }

                break;
            case NpyDType.Int16:
                for (var i = 0; i < n; i++)
                {
                    destination[i] = bigEndian ? BinaryPrimitives.ReadInt16BigEndian(source[(2 * i)..]) : BinaryPrimitives.ReadInt16LittleEndian(source[(2 * i)..]);
                }

                break;
            case NpyDType.Float32:
                for (var i = 0; i < n; i++)
                {
                    destination[i] = bigEndian ? BinaryPrimitives.ReadSingleBigEndian(source[(4 * i)..]) : BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                }

                break;
            default:
                for (var i = 0; i < n; i++)
                {
                    destination[i] = (float)Wide(source, type, bigEndian, i);
                }

                break;
        }
    }

    /// <summary>destination[i] = source[i] for unsigned bytes; 32 at a time with 256-bit vectors.</summary>
    public static void WidenBytes(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, source {source.Length}", nameof(destination));
        }

        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= source.Length - 32; i += 32)
            {
                var (low, high) = Vector256.Widen(Vector256.Create(source.Slice(i, 32)));
                var (a, b) = Vector256.Widen(low);
                var (c, d) = Vector256.Widen(high);
                Vector256.ConvertToSingle(a.AsInt32()).CopyTo(destination[i..]);
                Vector256.ConvertToSingle(b.AsInt32()).CopyTo(destination[(i + 8)..]);
                Vector256.ConvertToSingle(c.AsInt32()).CopyTo(destination[(i + 16)..]);
                Vector256.ConvertToSingle(d.AsInt32()).CopyTo(destination[(i + 24)..]);
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = source[i];
        }
    }

    /// <summary>Sample <paramref name="i"/> of a 32/64-bit integer or f8 element type as a double (exact up to 2^53).</summary>
    public static double Wide(ReadOnlySpan<byte> source, NpyDType type, bool bigEndian, int i) => type switch
    {
        NpyDType.Int32 => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(source[(4 * i)..]) : BinaryPrimitives.ReadInt32LittleEndian(source[(4 * i)..]),
        NpyDType.UInt32 => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source[(4 * i)..]) : BinaryPrimitives.ReadUInt32LittleEndian(source[(4 * i)..]),
        NpyDType.Int64 => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(source[(8 * i)..]) : BinaryPrimitives.ReadInt64LittleEndian(source[(8 * i)..]),
        NpyDType.UInt64 => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(source[(8 * i)..]) : BinaryPrimitives.ReadUInt64LittleEndian(source[(8 * i)..]),
        _ => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(source[(8 * i)..]) : BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]),
    };
}
