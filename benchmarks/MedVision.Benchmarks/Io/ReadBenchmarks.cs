using BenchmarkDotNet.Attributes;
using MedVision.Imaging;
using MedVision.Imaging.Io;

namespace MedVision.Benchmarks.Io;

/// <summary>
/// Reader and writer throughput on the workloads the pipelines hit: decoding all 797 mammo_micro PNG patches
/// (60×60 8-bit grey) from memory — ../shared/data/mammo_micro, or MEDVISION_DATA/mammo_micro; when absent, 797
/// synthetic 60×60 patches written by <see cref="PngWriter"/> stand in — a 512×512 16-bit grey PNG, a
/// 1000×256 float32 feature matrix through .npy, and a 512×512 grey PNG encode. The Pillow reference for the
/// first is <c>[np.asarray(Image.open(BytesIO(b))) for b in blobs]</c> over the same bytes.
/// Run: <c>dotnet run -c Release --project benchmarks/MedVision.Benchmarks -- --filter *Io.ReadBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class ReadBenchmarks
{
    private byte[][] _patches = [];
    private byte[] _png16 = [];
    private byte[] _npy = [];
    private Image _image = new(1, 1, 1);

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(Environment.GetEnvironmentVariable("MEDVISION_DATA") ?? FindData(), "mammo_micro");
        _patches = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray()
            : Enumerable.Range(0, 797).Select(i => PngWriter.Encode(Synthetic(1, 60, 60, 255, i), new PngWriteOptions())).ToArray();
        _image = Synthetic(1, 512, 512, 255, 1);
        _png16 = PngWriter.Encode(Synthetic(1, 512, 512, 65535, 2), new PngWriteOptions());
        using var stream = new MemoryStream();
        NpyWriter.Write(stream, new NpyArray([1000, 256], Synthetic(1, 1000, 256, 1, 3).Data));
        _npy = stream.ToArray();
    }

    [Benchmark]
    public float PngDecode_MammoMicro797()
    {
        var sum = 0f;
        foreach (var bytes in _patches)
        {
            sum += PngReader.Decode(bytes, "patch.png", ReadOptions.Default).Data[0];
        }

        return sum;
    }

    [Benchmark]
    public Image PngDecode_Gray16_512() => PngReader.Decode(_png16, "gray16.png", ReadOptions.Default);

    [Benchmark]
    public byte[] PngEncode_Gray8_512() => PngWriter.Encode(_image, new PngWriteOptions());

    [Benchmark]
    public NpyArray NpyDecode_Features1000x256() => NpyReader.Decode(_npy, "features.npy", ReadOptions.Default);

    /// <summary>Smooth gradients plus seeded noise: compresses like a real radiograph rather than like noise or a constant.</summary>
    private static Image Synthetic(int channels, int height, int width, int max, int seed)
    {
        var random = new Random(seed);
        var image = new Image(channels, height, width);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = (0.5 + (0.3 * Math.Sin(x * 0.05)) + (0.15 * Math.Cos(y * 0.07)) + (0.05 * random.NextDouble())) * max;
                image[0, y, x] = max == 1 ? (float)v : MathF.Round((float)Math.Clamp(v, 0, max));
            }
        }

        return image;
    }

    private static string FindData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MedVision.slnx")))
            {
                return Path.Combine(dir.FullName, "..", "shared", "data");
            }
        }

        return Path.Combine("..", "shared", "data");
    }
}
