using MedVision.Imaging.Preprocessing;

namespace MedVision.Imaging.Tests;

public class PreprocessChainTests
{
    private static Image Sample() => FixtureImages.Load("contrast", "u8.npy");

    [Fact]
    public void Seeds002Chain_EqualsTheStepsCalledDirectly()
    {
        var chain = PreprocessChain.Parse("median:3,clahe:clip=0.01,resize:120x120");
        Assert.Equal(3, chain.Steps.Count);
        var expected = Resize.Apply(Clahe.Apply(MedianFilter.Apply(Sample(), 3), 0.01), 120, 120);
        FixtureImages.AssertEqual(expected, chain.Apply(Sample()));
        Assert.Equal("median:3,clahe:clip=0.01,resize:120x120", chain.ToString());
    }

    [Fact]
    public void ContinuationParameters_BelongToThePreviousStep()
    {
        var chain = PreprocessChain.Parse("clahe:clip=0.03,kernel=8,bins=128, resize:20x30,interp=area");
        Assert.Equal(2, chain.Steps.Count);
        var expected = Resize.Apply(
            Clahe.Apply(Sample(), new ClaheOptions { ClipLimit = 0.03, KernelSize = 8, NBins = 128 }),
            20, 30, Interpolation.Area);
        FixtureImages.AssertEqual(expected, chain.Apply(Sample()));
    }

    [Fact]
    public void EveryStepInTheTable_ParsesWithItsUsageExampleAndRuns()
    {
        var examples = new Dictionary<string, string>
        {
            ["gray"] = "gray",
            ["artifacts"] = "artifacts,radius=2",
            ["median"] = "median:5",
            ["mean"] = "mean:3,mode=mirror",
            ["adaptive-median"] = "adaptive-median:5",
            ["gaussian"] = "gaussian:1.5",
            ["clahe"] = "clahe:0.02",
            ["equalize"] = "equalize",
            ["rescale"] = "rescale,slope=2,intercept=-10",
            ["window"] = "window:100/80",
            ["minmax"] = "minmax:0-255",
            ["zscore"] = "zscore",
            ["percentile"] = "percentile:2-98",
            ["scale"] = "scale:0.5",
            ["resize"] = "resize:16x24,interp=cubic,aa=true",
            ["crop"] = "crop:10x12",
            ["pad"] = "pad:2,mode=reflect",
            ["rot90"] = "rot90:3",
            ["fliph"] = "fliph",
            ["flipv"] = "flipv",
            ["elastic"] = "elastic,alpha=10,sigma=3,seed=4",
        };
        Assert.Equal(PreprocessStepTable.All.Select(d => d.Name).Order(), examples.Keys.Order());
        foreach (var (name, text) in examples)
        {
            var result = PreprocessChain.Parse(text).Apply(Sample());
            Assert.True(result.PlaneSize > 0, name);
            Assert.All(result.Data, v => Assert.True(float.IsFinite(v), name));
        }
    }

    [Theory]
    [InlineData("median:3,blur:5", "step 2 'blur' is not a known step")]
    [InlineData("clahe:clipp=0.1", "step 1 'clahe': unknown parameter 'clipp'")]
    [InlineData("median:abc", "step 1 'median': parameter 'size' must be an integer, got 'abc'")]
    [InlineData("median:0", "step 1 'median': size must be ≥ 1, got 0")]
    [InlineData("resize:12", "")]
    [InlineData("resize:12xA", "step 1 'resize': parameter 'size' must be written AxB with numbers")]
    [InlineData("clip=0.1,median:3", "'clip=0.1' must follow a step name")]
    [InlineData("median:3,,mean:3", "empty step after step 1")]
    [InlineData("zscore:4", "step 1 'zscore': takes no value, got '4'")]
    [InlineData("window", "step 1 'window': needs CENTER/WIDTH")]
    [InlineData("adaptive-median:4", "step 1 'adaptive-median': max must be an odd number ≥ 3, got 4")]
    [InlineData("resize:8x8,interp=bogus", "step 1 'resize': parameter 'interp' must be one of nearest, linear, cubic, area, got 'bogus'")]
    [InlineData("", "the chain is empty")]
    public void BadChains_AreErrorsThatNameTheStepAndParameter(string text, string message)
    {
        if (message.Length == 0)
        {
            // A single size is a square: resize:12 means 12×12.
            Assert.Equal(12, PreprocessChain.Parse(text).Apply(Sample()).Width);
            return;
        }

        var e = Assert.Throws<PreprocessChainException>(() => PreprocessChain.Parse(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
