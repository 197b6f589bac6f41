using MedVision.Testing;

namespace MedVision.Imaging.Tests;

public class ImageQualityTests
{
    private static readonly double[] Scores = NpyFixture.Load("imaging", "quality", "scores.npy").Values;

    private static (Image Ref, Image Test) Pair() =>
        (FixtureImages.Load("quality", "ref.npy"), FixtureImages.Load("quality", "test.npy"));

    [Fact]
    public void MseAndPsnr_MatchScikitImage()
    {
        var (reference, test) = Pair();
        Assert.Equal(Scores[0], ImageQuality.Mse(reference, test), 1e-9);
        Assert.Equal(Scores[1], ImageQuality.Psnr(reference, test, 255), 1e-9);
        Assert.Equal(Scores[2], ImageQuality.Psnr(reference, test, test.Data.Max() - test.Data.Min()), 1e-9);
    }

    [Fact]
    public void Ssim_UniformWindow_MatchesScikitImage()
    {
        var (reference, test) = Pair();
        var result = ImageQuality.Ssim(reference, test, new SsimOptions { DataRange = 255 });
        Assert.Equal(Scores[3], result.Mean, 1e-9);
        Assert.Equal(Scores[3], ImageQuality.Ssim(reference, test, 255), 1e-9);
        FixtureImages.AssertClose(FixtureImages.Load("quality", "ssim_map.npy"), result.Map, 1e-6);
        Assert.Equal(Scores[5], ImageQuality.Ssim(reference, test, new SsimOptions { DataRange = 255, WinSize = 5 }).Mean, 1e-9);
    }

    [Fact]
    public void Ssim_GaussianWeights_MatchesScikitImage()
    {
        var (reference, test) = Pair();
        var result = ImageQuality.Ssim(reference, test, new SsimOptions { DataRange = 255, GaussianWeights = true, UseSampleCovariance = false });
        Assert.Equal(Scores[4], result.Mean, 1e-9);
        FixtureImages.AssertClose(FixtureImages.Load("quality", "ssim_gauss_map.npy"), result.Map, 1e-6);
    }

    [Fact]
    public void IdenticalImages_HaveZeroMseInfinitePsnrAndSsimOne()
    {
        var (reference, _) = Pair();
        Assert.Equal(0, ImageQuality.Mse(reference, reference));
        Assert.True(double.IsPositiveInfinity(ImageQuality.Psnr(reference, reference, 255)));
        Assert.Equal(1, ImageQuality.Ssim(reference, reference, 255), 12);
    }

    [Fact]
    public void DifferentShapes_AreRejectedNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageQuality.Mse(new Image(1, 3, 3), new Image(1, 3, 4)));
        Assert.Contains("reference and test", e.Message, StringComparison.Ordinal);
    }
}
