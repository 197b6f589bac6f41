namespace MedVision.Imaging.Tests;

public class ClaheTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var image in new[] { "f", "u8" })
        {
            foreach (var tag in new[] { "none_0.01_256", "8_0.03_256", "5x9_0.01_128", "7_0.0_256", "16_0.5_64" })
            {
                data.Add(image, tag);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Clahe_MatchesScikitImageEqualizeAdapthist(string image, string tag)
    {
        var input = FixtureImages.Load("contrast", $"{image}.npy");
        var expected = FixtureImages.Load("contrast", $"clahe_{image}_{tag}.npy");
        var parts = tag.Split('_');
        var options = new ClaheOptions
        {
            ClipLimit = double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture),
            NBins = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture),
        };
        if (parts[0].Contains('x', StringComparison.Ordinal))
        {
            var hw = parts[0].Split('x').Select(int.Parse).ToArray();
            options = options with { KernelHeight = hw[0], KernelWidth = hw[1] };
        }
        else if (parts[0] != "none")
        {
            options = options with { KernelSize = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) };
        }

        FixtureImages.AssertClose(expected, Clahe.Apply(input, options), 1e-6);
    }

    [Fact]
    public void Clahe_OutputMax_ScalesTheResult_AndChannelsAreIndependent()
    {
        var gray = FixtureImages.Load("contrast", "u8.npy");
        var two = new Image(2, gray.Height, gray.Width, [.. gray.Data, .. gray.Data]);
        var result = Clahe.Apply(two, new ClaheOptions { OutputMax = 255 });
        var single = Clahe.Apply(gray);
        for (var i = 0; i < gray.PlaneSize; i++)
        {
            Assert.Equal(single.Data[i] * 255.0, result.Data[i], 1e-3);
            Assert.Equal(result.Data[i], result.Data[i + gray.PlaneSize]);
        }
    }

    [Fact]
    public void Clahe_NegativeClipLimit_NamesTheOption()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Clahe.Apply(new Image(1, 8, 8), -0.1));
        Assert.Contains("ClipLimit", e.Message, StringComparison.Ordinal);
    }
}
