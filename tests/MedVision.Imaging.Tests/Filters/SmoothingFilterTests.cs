namespace MedVision.Imaging.Tests;

public class SmoothingFilterTests
{
    public static TheoryData<string, int, string> MeanCases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var image in new[] { "u8", "f32" })
        {
            foreach (var size in new[] { 3, 4, 5 })
            {
                foreach (var mode in new[] { "reflect", "mirror", "nearest", "wrap", "constant" })
                {
                    data.Add(image, size, mode);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MeanCases))]
    public void Mean_MatchesScipyUniformFilter(string image, int size, string mode)
    {
        var input = FixtureImages.Load("filters", $"{image}.npy");
        var expected = FixtureImages.Load("filters", $"mean_{image}_{size}_{mode}.npy");
        var actual = MeanFilter.Apply(input, new MeanFilterOptions { Size = size, Mode = MedianFilterTests.Mode(mode), Cval = 7 });
        FixtureImages.AssertClose(expected, actual, 1e-5, 1e-6);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Mean_MirrorBorder_MatchesOpenCvBlur(int size)
    {
        var input = FixtureImages.Load("filters", "u8.npy");
        var expected = FixtureImages.Load("filters", $"cv_blur_u8_{size}.npy");
        FixtureImages.AssertClose(expected, MeanFilter.Apply(input, new MeanFilterOptions { Size = size, Mode = BorderMode.Mirror }), 1e-4, 1e-6);
    }

    [Theory]
    [InlineData("u8", "0.5")]
    [InlineData("u8", "1.0")]
    [InlineData("u8", "2.5")]
    [InlineData("f32", "0.5")]
    [InlineData("f32", "1.0")]
    [InlineData("f32", "2.5")]
    public void Gaussian_MatchesScipyGaussianFilter(string image, string sigma)
    {
        var input = FixtureImages.Load("filters", $"{image}.npy");
        var expected = FixtureImages.Load("filters", $"gaussian_{image}_{sigma}.npy");
        var actual = GaussianFilter.Apply(input, double.Parse(sigma, System.Globalization.CultureInfo.InvariantCulture));
        FixtureImages.AssertClose(expected, actual, 1e-5, 1e-6);
    }

    [Theory]
    [InlineData("u8")]
    [InlineData("f32")]
    public void Gaussian_NearestBorderAndTruncate3_MatchesScipy(string image)
    {
        var input = FixtureImages.Load("filters", $"{image}.npy");
        var expected = FixtureImages.Load("filters", $"gaussian_{image}_1.5_nearest_t3.npy");
        var actual = GaussianFilter.Apply(input, new GaussianFilterOptions { Sigma = 1.5, Truncate = 3, Mode = BorderMode.Nearest });
        FixtureImages.AssertClose(expected, actual, 1e-5, 1e-6);
    }

    [Fact]
    public void Gaussian_KernelSumsToOne_AndSigmaZeroIsIdentity()
    {
        Assert.Equal(1.0, GaussianFilter.Kernel(1.3).Sum(), 12);
        Assert.Equal(2 * 5 + 1, GaussianFilter.Kernel(1.3).Length);
        var input = FixtureImages.Load("filters", "f32.npy");
        FixtureImages.AssertEqual(input, GaussianFilter.Apply(input, 0));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public void AdaptiveMedian_MatchesGonzalezWoodsReference(int maxSize)
    {
        var input = FixtureImages.Load("filters", "u8.npy");
        var expected = FixtureImages.Load("filters", $"adaptive_u8_{maxSize}.npy");
        FixtureImages.AssertEqual(expected, AdaptiveMedianFilter.Apply(input, maxSize));
    }

    [Fact]
    public void AdaptiveMedian_FloatImage_MatchesReference()
    {
        var input = FixtureImages.Load("filters", "f32.npy");
        FixtureImages.AssertEqual(FixtureImages.Load("filters", "adaptive_f32_7.npy"), AdaptiveMedianFilter.Apply(input));
    }

    [Fact]
    public void AdaptiveMedian_EvenMaxSize_IsRejectedWithItsName()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => AdaptiveMedianFilter.Apply(new Image(1, 4, 4), 6));
        Assert.Contains("MaxSize", e.Message, StringComparison.Ordinal);
    }
}
