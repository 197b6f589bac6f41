using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace MedVision.Testing;

/// <summary>
/// Reads the little-endian, C-order <c>.npy</c> fixtures that the Python scripts in <c>tests/fixtures/scripts</c>
/// write with <c>numpy.save</c> (dtypes f4, f8, i4, i8, u1, b1). Test-only: the product's NumPy reader lives
/// in MedVision.Imaging and is itself tested against these files' writer.
/// </summary>
internal sealed partial class NpyFixture
{
    private NpyFixture(int[] shape, double[] values)
    {
        Shape = shape;
        Values = values;
    }

    public int[] Shape { get; }

    public double[] Values { get; }

    public float[] AsFloat() => Array.ConvertAll(Values, v => (float)v);

    public int[] AsInt() => Array.ConvertAll(Values, v => (int)v);

    /// <summary>Loads <c>tests/fixtures/PARTS...</c>.</summary>
    public static NpyFixture Load(params string[] parts)
    {
        var bytes = File.ReadAllBytes(RepoPaths.Fixture(parts));
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{string.Join('/', parts)} is not an .npy file");
        }

        var major = bytes[6];
        var headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        var offset = major == 1 ? 10 : 12;
        var header = Encoding.ASCII.GetString(bytes, offset, headerLength);
        var descr = DescrPattern().Match(header).Groups[1].Value;
        if (header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InvalidDataException("fixtures must be C-order");
        }

        var shapeText = ShapePattern().Match(header).Groups[1].Value;
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        var count = shape.Aggregate(1, (a, b) => a * b);
        var data = bytes.AsSpan(offset + headerLength);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = descr switch
            {
                "<f4" => BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]),
                "<f8" => BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]),
                "<i4" => BinaryPrimitives.ReadInt32LittleEndian(data[(4 * i)..]),
                "<i8" => BinaryPrimitives.ReadInt64LittleEndian(data[(8 * i)..]),
                "|u1" or "|b1" => data[i],
                _ => throw new InvalidDataException($"unsupported fixture dtype {descr}"),
            };
        }

        return new NpyFixture(shape, values);
    }

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
