using BenchmarkDotNet.Attributes;
using MedVision.Imaging;
using MedVision.Imaging.Features;
using MedVision.Imaging.Io;

namespace MedVision.Benchmarks.Wavelets;

/// <summary>
/// The seeds/002 texture baselines with their defaults on the 64 MIAS test ROIs (120×120, ../shared/data/mias_rois/test
/// or <c>MEDVISION_DATA</c>; 64 seeded random 120×120 images when absent), one thread, so the numbers compare with
/// scikit-image's single-threaded <c>gabor</c>, <c>graycomatrix</c>/<c>graycoprops</c>, <c>local_binary_pattern</c>.
/// Run: <c>dotnet run -c Release --project benchmarks/MedVision.Benchmarks -- --filter *TextureFeatureBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class TextureFeatureBenchmarks
{
    private Image[] _images = [];

    [GlobalSetup]
    public void Setup()
    {
        var folder = FindData();
        if (folder is not null)
        {
            _images = Directory.GetFiles(folder, "*.png").Order(StringComparer.Ordinal).Select(ImageFile.Read).ToArray();
        }
        else
        {
            var random = new Random(0);
            _images = Enumerable.Range(0, 64)
                .Select(_ => new Image(1, 120, 120, Enumerable.Range(0, 14400).Select(_ => (float)random.Next(256)).ToArray()))
                .ToArray();
        }
    }

    [Benchmark]
    public ImageFeatureMatrix Gabor4x4() => FeatureExtraction.ExtractBatch(new GaborFeatures(), _images, maxDegreeOfParallelism: 1);

    [Benchmark]
    public ImageFeatureMatrix Glcm256() => FeatureExtraction.ExtractBatch(new GlcmFeatures(), _images, maxDegreeOfParallelism: 1);

    [Benchmark]
    public ImageFeatureMatrix LbpUniform() => FeatureExtraction.ExtractBatch(new LbpFeatures(), _images, maxDegreeOfParallelism: 1);

    [Benchmark]
    public ImageFeatureMatrix IntensityStats() => FeatureExtraction.ExtractBatch(new IntensityFeatures(), _images, maxDegreeOfParallelism: 1);

    private static string? FindData()
    {
        var parent = Environment.GetEnvironmentVariable("MEDVISION_DATA");
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); parent is null && dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MedVision.slnx")))
            {
                parent = Path.Combine(dir.FullName, "..", "shared", "data");
            }
        }

        var path = parent is null ? null : Path.GetFullPath(Path.Combine(parent, "mias_rois", "test"));
        return path is not null && Directory.Exists(path) ? path : null;
    }
}
