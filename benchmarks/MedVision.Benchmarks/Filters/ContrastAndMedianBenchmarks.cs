using BenchmarkDotNet.Attributes;
using MedVision.Imaging;
using MedVision.Imaging.Io;

namespace MedVision.Benchmarks.Filters;

/// <summary>
/// CLAHE (scikit-image semantics, clip 0.01, regions of 1/8) and the 5×5 median filter (scipy semantics), one
/// thread, over the 797 mammo_micro PNGs (../shared/data/mammo_micro or <c>MEDVISION_DATA</c>; 797 seeded random
/// 60×60 images when absent) and over one seeded 1020×1020 8-bit image. Peers on the same images and machine:
/// <c>/usr/bin/python3 tests/fixtures/scripts/imaging_filters_bench.py</c> (scikit-image, scipy.ndimage, OpenCV).
/// Run: <c>dotnet run -c Release --project benchmarks/MedVision.Benchmarks -- --filter *ContrastAndMedianBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class ContrastAndMedianBenchmarks
{
    private Image[] _images = [];
    private Image _large = new(1, 1, 1);

    [GlobalSetup]
    public void Setup()
    {
        var folder = FindData();
        if (folder is not null)
        {
            _images = [.. Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(ImageFile.Read)];
        }
        else
        {
            var random = new Random(0);
            _images = [.. Enumerable.Range(0, 797).Select(_ => new Image(1, 60, 60, [.. Enumerable.Range(0, 3600).Select(_ => (float)random.Next(256))]))];
        }

        _large = Large1020();
        Console.WriteLine($"// {_images.Length} images from {folder ?? "a seeded random set"}");
    }

    [Benchmark]
    public float Clahe_797() => _images.Sum(image => Clahe.Apply(image).Data[0]);

    [Benchmark]
    public float Median5x5_797() => _images.Sum(image => MedianFilter.Apply(image, 5).Data[0]);

    [Benchmark]
    public Image Clahe_1020() => Clahe.Apply(_large);

    [Benchmark]
    public Image Median5x5_1020() => MedianFilter.Apply(_large, 5);

    /// <summary>The 1020×1020 image the peer script also builds: a smooth 8-bit gradient with blobs and uniform noise.</summary>
    internal static Image Large1020()
    {
        var random = new Random(1);
        var data = new float[1020 * 1020];
        for (var y = 0; y < 1020; y++)
        {
            for (var x = 0; x < 1020; x++)
            {
                var v = 60 + (0.1 * x) + (50 * Math.Sin(y / 37.0) * Math.Cos(x / 53.0)) + random.Next(0, 40);
                data[(y * 1020) + x] = (float)Math.Clamp(Math.Round(v), 0, 255);
            }
        }

        return new Image(1, 1020, 1020, data);
    }

    private static string? FindData()
    {
        var parent = Environment.GetEnvironmentVariable("MEDVISION_DATA");
        if (parent is null)
        {
            for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MedVision.slnx")))
                {
                    parent = Path.Combine(dir.FullName, "..", "shared", "data");
                    break;
                }
            }
        }

        var folder = parent is null ? null : Path.Combine(parent, "mammo_micro");
        return folder is not null && Directory.Exists(folder) ? Path.GetFullPath(folder) : null;
    }
}
