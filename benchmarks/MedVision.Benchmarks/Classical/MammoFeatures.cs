using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using MedVision.Classical;

namespace MedVision.Benchmarks.Classical;

/// <summary>
/// The seeds/000 wavelet features of mammo_micro (2,430 db5 coefficients per image) and their 5 stratified folds,
/// as written by tests/fixtures/scripts/classical_mammo_features.py into <c>MEDVISION_CLASSICAL_FEATURES</c>
/// (default /tmp/medvision-classical-features).
/// </summary>
internal sealed partial class MammoFeatures
{
    private MammoFeatures(FeatureMatrix x, int[] y, int[] folds)
    {
        X = x;
        Y = y;
        Folds = folds;
    }

    public FeatureMatrix X { get; }

    public int[] Y { get; }

    public int[] Folds { get; }

    public static string Folder => Environment.GetEnvironmentVariable("MEDVISION_CLASSICAL_FEATURES") ?? "/tmp/medvision-classical-features";

    public static MammoFeatures Load()
    {
        var path = Path.Combine(Folder, "x.npy");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: run /usr/bin/python3 tests/fixtures/scripts/classical_mammo_features.py first", path);
        }

        var (shape, x) = Read(path);
        var y = Array.ConvertAll(Read(Path.Combine(Folder, "y.npy")).Values, v => (int)v);
        var folds = Array.ConvertAll(Read(Path.Combine(Folder, "folds.npy")).Values, v => (int)v);
        return new MammoFeatures(new FeatureMatrix(shape[0], shape[1], x), y, folds);
    }

    /// <summary>The training and test rows of fold <paramref name="k"/>.</summary>
    public (int[] Train, int[] Test) Split(int k) =>
        (Enumerable.Range(0, Y.Length).Where(i => Folds[i] != k).ToArray(), Enumerable.Range(0, Y.Length).Where(i => Folds[i] == k).ToArray());

    // Little-endian C-order .npy of dtype <f8 or <i4 (what the script writes).
    private static (int[] Shape, double[] Values) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        var shape = ShapePattern().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        var count = shape.Aggregate(1, (a, b) => a * b);
        var data = bytes.AsSpan(10 + headerLength);
        var isDouble = header.Contains("'<f8'", StringComparison.Ordinal);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = isDouble ? BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]) : BinaryPrimitives.ReadInt32LittleEndian(data[(4 * i)..]);
        }

        return (shape, values);
    }

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
