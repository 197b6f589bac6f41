using MedVision.Imaging.Features;

namespace MedVision.Imaging.Tests.Features;

/// <summary>One suite over every feature extractor: counts, batch = single, thread-count independence, mixed sizes.</summary>
public class FeatureExtractorSuiteTests
{
    public static TheoryData<string> Extractors() => new(AllExtractors().Keys);

    /// <summary>Every extractor of <see cref="FeatureExtractorTable"/> with its defaults, and a few other settings.</summary>
    private static Dictionary<string, IImageFeatureExtractor> AllExtractors()
    {
        var all = FeatureExtractorTable.All.ToDictionary(e => e.Name, e => e.Create());
        all["gabor-small"] = new GaborFeatures(new GaborFeatureOptions { Frequencies = [0.3, 0.5], Orientations = 2 });
        all["lbp-var"] = new LbpFeatures(new LbpFeatureOptions { Method = LbpMethod.Var });
        return all;
    }

    [Fact]
    public void Table_NamesAreUnique_AndEachTheExtractorsOwnName()
    {
        Assert.Equal(FeatureExtractorTable.Names.Count, FeatureExtractorTable.Names.Distinct().Count());
        Assert.All(FeatureExtractorTable.All, e => Assert.Equal(e.Name, e.Create().Name));
    }

    private static Image[] Images(int count, int height, int width)
    {
        var random = new Random(7);
        return Enumerable.Range(0, count)
            .Select(_ => new Image(1, height, width, Enumerable.Range(0, height * width).Select(_ => (float)random.Next(256)).ToArray()))
            .ToArray();
    }

    [Theory]
    [MemberData(nameof(Extractors))]
    public void Batch_EqualsOneByOne_AndDoesNotDependOnThreads(string name)
    {
        var extractor = AllExtractors()[name];
        var images = Images(6, 30, 28);
        var parallel = FeatureExtraction.ExtractBatch(extractor, images);
        var serial = FeatureExtraction.ExtractBatch(extractor, images, maxDegreeOfParallelism: 1);
        Assert.Equal((6, extractor.FeatureCount(30, 28)), (parallel.Rows, parallel.Columns));
        Assert.Equal(serial.Data, parallel.Data);
        var single = new float[parallel.Columns];
        extractor.Extract(images[3], single);
        Assert.Equal(single, parallel.Row(3).ToArray());
        Assert.All(parallel.Data, v => Assert.False(float.IsInfinity(v)));
    }

    [Theory]
    [MemberData(nameof(Extractors))]
    public void RgbImage_IsReducedToGray(string name)
    {
        var extractor = AllExtractors()[name];
        var gray = Images(1, 20, 20)[0];
        var rgb = new Image(3, 20, 20, [.. gray.Data, .. gray.Data, .. gray.Data]);
        var a = new float[extractor.FeatureCount(20, 20)];
        var b = new float[a.Length];
        extractor.Extract(gray, a);
        extractor.Extract(rgb, b);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(a[i] - b[i]) <= 1e-3 * Math.Max(1, Math.Abs(a[i])), $"{name} feature {i}: {a[i]} vs {b[i]}");
        }
    }

    [Fact]
    public void Batch_OfMixedSizes_NamesTheOffendingImage()
    {
        var images = Images(2, 30, 30).Append(Images(1, 20, 30)[0]).ToArray();
        var e = Assert.Throws<ArgumentException>(() => FeatureExtraction.ExtractBatch(new WaveletFeatures(), images));
        Assert.Contains("images[2] is 20×30", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, FeatureExtraction.ExtractBatch(new WaveletFeatures(), []).Rows);
    }
}
