using System.Buffers.Binary;
using System.Text;

namespace MedVision.Imaging.Io;

/// <summary>
/// NumPy <c>.npy</c> writer: format version 1.0, little endian, C order, header padded so the data starts at a
/// multiple of 64 bytes — byte for byte what <c>numpy.save</c> writes for the same array.
/// </summary>
public static class NpyWriter
{
    /// <summary>Writes <paramref name="array"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, NpyArray array)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        Write(stream, array);
    }

    /// <summary>Writes <paramref name="array"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        var descr = array.DType switch
        {
            NpyDType.Bool => "|b1",
            NpyDType.UInt8 => "|u1",
            NpyDType.Int8 => "|i1",
            NpyDType.UInt16 => "<u2",
            NpyDType.Int16 => "<i2",
            NpyDType.UInt32 => "<u4",
            NpyDType.Int32 => "<i4",
            NpyDType.UInt64 => "<u8",
            NpyDType.Int64 => "<i8",
            NpyDType.Float32 => "<f4",
            _ => "<f8",
        };
        var shape = array.Shape.Length == 1 ? $"({array.Shape[0]},)" : "(" + string.Join(", ", array.Shape) + ")";
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        var padded = dict.PadRight(((dict.Length + 11 + 63) / 64 * 64) - 11) + "\n";
        Span<byte> prefix = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0, 0];
        BinaryPrimitives.WriteUInt16LittleEndian(prefix[8..], (ushort)padded.Length);
        stream.Write(prefix);
        stream.Write(Encoding.ASCII.GetBytes(padded));
        WriteData(stream, array);
    }

    /// <summary>The raw little-endian C-order values of <paramref name="array"/>, without a header.</summary>
    internal static void WriteData(Stream stream, NpyArray array)
    {
        var size = NpyReader.ItemSize(array.DType);
        var buffer = new byte[Math.Min(array.Count, 1 << 14) * size];
        for (var start = 0; start < array.Count; start += buffer.Length / size)
        {
            var n = Math.Min(buffer.Length / size, array.Count - start);
            for (var i = 0; i < n; i++)
            {
                Put(buffer.AsSpan(i * size), array, start + i);
            }

            stream.Write(buffer, 0, n * size);
        }
    }

    /// <summary>
    /// Writes an image as NumPy does for <c>numpy.asarray(PIL.Image)</c>: (H, W) for one channel, (H, W, C)
    /// otherwise; uint8 when every sample is an integer in 0…255, uint16 for integers in 0…65535, else float32.
    /// </summary>
    public static void WriteImage(string path, Image image) => Write(path, FromImage(image));

    /// <summary>The array <see cref="WriteImage"/> writes.</summary>
    public static NpyArray FromImage(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var plane = image.PlaneSize;
        var channels = image.Channels;
        var values = new float[image.Data.Length];
        var integral = true;
        var max = 0f;
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                var v = image.Data[(c * plane) + i];
                values[(i * channels) + c] = v;
                integral &= v >= 0 && v <= 65535 && v == MathF.Floor(v);
                max = Math.Max(max, v);
            }
        }

        int[] shape = channels == 1 ? [image.Height, image.Width] : [image.Height, image.Width, channels];
        var dtype = !integral ? NpyDType.Float32 : max <= 255 ? NpyDType.UInt8 : NpyDType.UInt16;
        return new NpyArray(shape, values, dtype);
    }

    private static void Put(Span<byte> target, NpyArray array, int i)
    {
        var type = array.DType;
        if (array.Doubles is { } d)
        {
            var v = d[i];
            switch (type)
            {
                case NpyDType.Float64:
                    BinaryPrimitives.WriteDoubleLittleEndian(target, v);
                    return;
                case NpyDType.Int32:
                    BinaryPrimitives.WriteInt32LittleEndian(target, checked((int)Integral(v)));
                    return;
                case NpyDType.UInt32:
                    BinaryPrimitives.WriteUInt32LittleEndian(target, checked((uint)Integral(v)));
                    return;
                case NpyDType.Int64:
                    BinaryPrimitives.WriteInt64LittleEndian(target, checked((long)Integral(v)));
                    return;
                default:
                    BinaryPrimitives.WriteUInt64LittleEndian(target, checked((ulong)Integral(v)));
                    return;
            }
        }

        var f = array.Floats![i];
        switch (type)
        {
            case NpyDType.Float32:
                BinaryPrimitives.WriteSingleLittleEndian(target, f);
                return;
            case NpyDType.Bool:
                target[0] = f != 0 ? (byte)1 : (byte)0;
                return;
            case NpyDType.UInt8:
                target[0] = checked((byte)Integral(f));
                return;
            case NpyDType.Int8:
                target[0] = (byte)checked((sbyte)Integral(f));
                return;
            case NpyDType.UInt16:
                BinaryPrimitives.WriteUInt16LittleEndian(target, checked((ushort)Integral(f)));
                return;
            default:
                BinaryPrimitives.WriteInt16LittleEndian(target, checked((short)Integral(f)));
                return;
        }
    }

    private static double Integral(double v) =>
        v == Math.Floor(v) ? v : throw new ArgumentException($"value {v} is not an integer and cannot be stored in an integer dtype", nameof(v));
}
