using BenchmarkDotNet.Attributes;
using MedVision.Imaging;
using MedVision.Imaging.Features;
using MedVision.Imaging.Io;
using MedVision.Imaging.Wavelets;

namespace MedVision.Benchmarks.Wavelets;

/// <summary>
/// seeds/000 wavelet features (db5, level 4, details of levels 2–4: 2,430 values per 60×60 patch) over the 797
/// mammo_micro PNGs (../shared/data/mammo_micro, or <c>MEDVISION_DATA</c>; 797 seeded random 60×60 images when absent),
/// on all cores and on one, plus one 60×60 <c>wavedec2</c>. PyWavelets on the same images:
/// <c>/usr/bin/python3 tests/fixtures/scripts/imaging_wavelets_bench.py</c> (0.41 s features only).
/// Run: <c>dotnet run -c Release --project benchmarks/MedVision.Benchmarks -- --filter *WaveletFeatureBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class WaveletFeatureBenchmarks
{
    private readonly WaveletFeatures _features = new();
    private Image[] _images = [];
    private Array2D _one = new(60, 60);

    [GlobalSetup]
    public void Setup()
    {
        var folder = FindData();
        if (folder is not null)
        {
            var files = Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            _images = files.Select(ImageFile.Read).ToArray();
        }
        else
        {
            var random = new Random(0);
            _images = Enumerable.Range(0, 797)
                .Select(_ => new Image(1, 60, 60, Enumerable.Range(0, 3600).Select(_ => (float)random.Next(256)).ToArray()))
                .ToArray();
        }

        _one = Array2D.FromImage(_images[0]);
        Console.WriteLine($"// {_images.Length} images from {folder ?? "a seeded random set"}");
    }

    [Benchmark(Baseline = true)]
    public ImageFeatureMatrix Batch797_AllCores() => FeatureExtraction.ExtractBatch(_features, _images);

    [Benchmark]
    public ImageFeatureMatrix Batch797_OneThread() => FeatureExtraction.ExtractBatch(_features, _images, maxDegreeOfParallelism: 1);

    [Benchmark]
    public WaveDec2Result WaveDec2_60x60_Db5_Level4() => WaveletTransform.WaveDec2(_one, Wavelet.Get("db5"), level: 4);

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

        var path = parent is null ? null : Path.GetFullPath(Path.Combine(parent, "mammo_micro"));
        return path is not null && Directory.Exists(path) ? path : null;
    }
}
