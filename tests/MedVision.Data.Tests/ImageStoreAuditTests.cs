using MedVision.Data.Synthetic;
using MedVision.Evaluation;
using MedVision.Imaging;

namespace MedVision.Data.Tests;

public sealed class ImageStoreAuditTests
{
    /// <summary>Six phantom patches of six regions, the last a noisy copy of the first filed under another group and split.</summary>
    private static ImageStore StoreWithANoisyCopy()
    {
        var set = MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 3, PatchesPerRegion = 1, Seed = 3 });
        var first = set[0].Image;
        var rng = new Random(5);
        var noisy = new Image(1, first.Height, first.Width, [.. first.Data.Select(v => v + (float)(rng.NextDouble() - 0.5))]);
        List<Sample> samples = [.. set.Select(s => s.Sample with { Split = "train" }), set[0].Sample with { Id = "copy", Group = "other", Split = "test" }];
        var dataset = new Dataset("phantom", "", ["negative", "positive"], samples);
        return ImageStore.FromImages(dataset, [.. set.Select(s => s.Image), noisy]);
    }

    [Fact]
    public void Audit_FindsANoisyCopy_ByImagingsPerceptualHash_AndMergesItsGroup()
    {
        var store = StoreWithANoisyCopy();
        var report = store.Audit();
        var pair = Assert.Single(report.NearDuplicates);
        Assert.Equal((store.Dataset.Samples[0].Id, "copy"), (pair.IdA, pair.IdB));
        Assert.True(pair.CrossesSplits);
        Assert.Equal(report.MergedGroups[0], report.MergedGroups[^1]);
        Assert.StartsWith("SHA-256 of pixels; pHash 64-bit", report.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_WithoutThePerceptualKey_FindsExactDuplicatesOnly()
    {
        var report = StoreWithANoisyCopy().Audit(ImageStore.AuditOptions with { PerceptualKey = null });
        Assert.Empty(report.NearDuplicates);
        Assert.Contains("near-duplicates not searched", report.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void PerceptualKey_IsTheHashOfThe32x32Reduction()
    {
        var image = MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 1, PatchesPerRegion = 1 })[0].Image;
        var key = ImageStore.PerceptualKeyOf(new AuditPixels(image.Width, image.Height, image.Data));
        Assert.Equal(Imaging.Features.PerceptualHash.Compute(image), key.Hash);
        Assert.Equal(32 * 32, key.Reduced.Length);
    }
}
