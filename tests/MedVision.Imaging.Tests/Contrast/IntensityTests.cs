using MedVision.Testing;

namespace MedVision.Imaging.Tests;

public class IntensityTests
{
    [Fact]
    public void EqualizeHist_MatchesScikitImage()
    {
        var u8 = FixtureImages.Load("contrast", "u8.npy");
        FixtureImages.AssertClose(FixtureImages.Load("contrast", "eqhist_u8.npy"), HistogramEqualization.Apply(u8), 1e-6);
        var f = FixtureImages.Load("contrast", "f.npy");
        FixtureImages.AssertClose(FixtureImages.Load("contrast", "eqhist_f_64.npy"), HistogramEqualization.Apply(f, 64), 1e-6);
    }

    [Fact]
    public void Rescale_MatchesPydicomModalityLut()
    {
        var stored = FixtureImages.Load("contrast", "ct_stored.npy");
        FixtureImages.AssertEqual(FixtureImages.Load("contrast", "ct_hu.npy"), Windowing.Rescale(stored, 1, -1024));
    }

    [Theory]
    [InlineData(40, 400, "LINEAR")]
    [InlineData(-600, 1500, "LINEAR")]
    [InlineData(50, 350, "LINEAR_EXACT")]
    [InlineData(0, 800, "SIGMOID")]
    public void Window_MatchesPydicomApplyWindowing(int center, int width, string function)
    {
        var hu = FixtureImages.Load("contrast", "ct_hu.npy");
        var expected = FixtureImages.Load("contrast", $"window_{center}_{width}_{function}.npy");
        var options = new WindowOptions
        {
            Center = center,
            Width = width,
            OutputMax = 255,
            Function = function switch
            {
                "LINEAR" => VoiFunction.Linear,
                "LINEAR_EXACT" => VoiFunction.LinearExact,
                _ => VoiFunction.Sigmoid,
            },
        };
        FixtureImages.AssertClose(expected, Windowing.Apply(hu, options), 1e-4, 1e-6);
    }

    [Fact]
    public void Window_LinearWidthBelowOne_IsRejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Windowing.Apply(new Image(1, 2, 2), 0, 0.5));
        Assert.Contains("width", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalizations_MatchNumPy()
    {
        var u8 = FixtureImages.Load("contrast", "u8.npy");
        FixtureImages.AssertClose(FixtureImages.Load("contrast", "minmax_u8.npy"), Normalization.MinMax(u8), 1e-6);
        FixtureImages.AssertClose(FixtureImages.Load("contrast", "zscore_u8.npy"), Normalization.ZScore(u8), 1e-5);
        FixtureImages.AssertClose(FixtureImages.Load("contrast", "percentile_u8_2_98.npy"), Normalization.Percentile(u8, 2, 98), 1e-6);
        var sorted = u8.Data.ToArray();
        Array.Sort(sorted);
        var expected = NpyFixture.Load("imaging", "contrast", "percentiles_u8.npy").Values;
        double[] qs = [0, 1, 2.5, 33.3, 50, 98, 99.9, 100];
        for (var i = 0; i < qs.Length; i++)
        {
            Assert.Equal(expected[i], Normalization.PercentileOfSorted(sorted, qs[i]), 9);
        }
    }

    [Fact]
    public void Normalizations_ConstantImage_GiveTheLowerBoundNotNaN()
    {
        var flat = new Image(1, 3, 3);
        Array.Fill(flat.Data, 5f);
        Assert.All(Normalization.MinMax(flat).Data, v => Assert.Equal(0f, v));
        Assert.All(Normalization.ZScore(flat).Data, v => Assert.Equal(0f, v));
        Assert.All(Normalization.Percentile(flat).Data, v => Assert.Equal(0f, v));
    }
}
