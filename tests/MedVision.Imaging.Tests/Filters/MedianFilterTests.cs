namespace MedVision.Imaging.Tests;

public class MedianFilterTests
{
    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var image in new[] { "u8", "f32" })
        {
            foreach (var size in new[] { 1, 2, 3, 4, 5, 7 })
            {
                data.Add(image, size, "reflect");
            }

            foreach (var size in new[] { 3, 4 })
            {
                foreach (var mode in new[] { "mirror", "nearest", "wrap", "constant" })
                {
                    data.Add(image, size, mode);
                }
            }
        }

        return data;
    }

    internal static BorderMode Mode(string scipyName) => scipyName switch
    {
        "reflect" => BorderMode.Reflect,
        "mirror" => BorderMode.Mirror,
        "nearest" => BorderMode.Nearest,
        "wrap" => BorderMode.Wrap,
        "constant" => BorderMode.Constant,
        _ => throw new ArgumentOutOfRangeException(nameof(scipyName)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Median_EqualsScipyMedianFilterExactly(string image, int size, string mode)
    {
        var input = FixtureImages.Load("filters", $"{image}.npy");
        var expected = FixtureImages.Load("filters", $"median_{image}_{size}_{mode}.npy");
        var actual = MedianFilter.Apply(input, new MedianFilterOptions { Size = size, Mode = Mode(mode), Cval = 7 });
        FixtureImages.AssertEqual(expected, actual);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(9)]
    public void Median_NearestBorder_EqualsOpenCvMedianBlur(int size)
    {
        var input = FixtureImages.Load("filters", "u8.npy");
        var expected = FixtureImages.Load("filters", $"cv_median_u8_{size}.npy");
        FixtureImages.AssertEqual(expected, MedianFilter.Apply(input, new MedianFilterOptions { Size = size, Mode = BorderMode.Nearest }));
    }

    [Fact]
    public void Median_ConstantImage_IsUnchanged_AndEmptyImageIsEmpty()
    {
        var flat = new Image(2, 6, 5);
        Array.Fill(flat.Data, 3.5f);
        FixtureImages.AssertEqual(flat, MedianFilter.Apply(flat, 5));
        Assert.Empty(MedianFilter.Apply(new Image(1, 0, 4), 3).Data);
    }

    [Fact]
    public void Median_SizeZero_NamesTheArgument()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MedianFilter.Apply(new Image(1, 3, 3), 0));
        Assert.Contains("Size", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Median_WindowLargerThanImage_MatchesBruteForce()
    {
        var rng = new Random(3);
        var img = new Image(1, 4, 3, Enumerable.Range(0, 12).Select(_ => (float)rng.Next(0, 5)).ToArray());
        var actual = MedianFilter.Apply(img, 9);
        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 3; x++)
            {
                var window = new List<float>();
                for (var dy = -4; dy <= 4; dy++)
                {
                    for (var dx = -4; dx <= 4; dx++)
                    {
                        window.Add(img[0, Border.Index(y + dy, 4, BorderMode.Reflect), Border.Index(x + dx, 3, BorderMode.Reflect)]);
                    }
                }

                window.Sort();
                Assert.Equal(window[40], actual[0, y, x]);
            }
        }
    }
}
