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

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Median_NetworkAndHistogramPaths_MatchBruteForceAtEveryWidth(int size)
    {
        // Widths 1…33 cover the scalar fallback (narrower than a vector) and every vector remainder.
        var rng = new Random(size);
        foreach (var mode in new[] { BorderMode.Reflect, BorderMode.Constant })
        {
            for (var width = 1; width <= 33; width++)
            {
                var img = new Image(1, 6, width, Enumerable.Range(0, 6 * width).Select(_ => (float)rng.Next(0, 9)).ToArray());
                var actual = MedianFilter.Apply(img, new MedianFilterOptions { Size = size, Mode = mode, Cval = 4 });
                for (var y = 0; y < 6; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        var window = new List<float>();
                        for (var dy = -(size / 2); dy <= size / 2; dy++)
                        {
                            for (var dx = -(size / 2); dx <= size / 2; dx++)
                            {
                                var sy = Border.Index(y + dy, 6, mode);
                                var sx = Border.Index(x + dx, width, mode);
                                window.Add(sy < 0 || sx < 0 ? 4 : img[0, sy, sx]);
                            }
                        }

                        window.Sort();
                        Assert.Equal(window[size * size / 2], actual[0, y, x]);
                    }
                }
            }
        }
    }

    [Fact]
    public void Median_ImageWithNaN_TakesTheRankPath_AndKeepsOtherPixelsExact()
    {
        var img = FixtureImages.Load("filters", "u8.npy");
        var expected = FixtureImages.Load("filters", "median_u8_3_reflect.npy");
        var withNaN = img.Clone();
        withNaN.Data[0] = float.NaN;
        var actual = MedianFilter.Apply(withNaN, 3);
        Assert.Equal(expected[0, 10, 10], actual[0, 10, 10]);
        Assert.Equal(expected[0, 20, 25], actual[0, 20, 25]);
    }
}
