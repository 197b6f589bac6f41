namespace MedVision.Imaging.Tests;

public class FilterComparisonTests
{
    [Fact]
    public void Compare_ScoresEachFilterAgainstItsOriginal()
    {
        var a = FixtureImages.Load("filters", "u8.npy");
        var b = FixtureImages.Load("quality", "ref.npy");
        var scores = FilterComparison.Compare([a, b]);
        Assert.Equal(["adaptive_median", "median", "mean"], scores.Select(s => s.Filter));
        var expectedMse = (ImageQuality.Mse(a, MedianFilter.Apply(a, 3)) + ImageQuality.Mse(b, MedianFilter.Apply(b, 3))) / 2;
        Assert.Equal(expectedMse, scores[1].Mse, 9);
        Assert.Equal(10 * Math.Log10(255.0 * 255 / expectedMse), scores[1].Psnr, 9);
        Assert.All(scores, s => Assert.Equal(2, s.Images));

        // On an image without impulses the adaptive median keeps almost every pixel, so it stays closest to
        // the original (the ordering of seeds/001 Table 4).
        var smooth = FilterComparison.Compare([b]);
        Assert.True(smooth[0].Psnr > smooth[1].Psnr);
        Assert.True(smooth[0].Mse < smooth[2].Mse);
    }

    [Fact]
    public void Compare_NoImages_IsAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => FilterComparison.Compare([]));
        Assert.Contains("at least one image", e.Message, StringComparison.Ordinal);
    }
}
