namespace MedVision.Imaging.Tests;

public class GeometryTests
{
    public static TheoryData<string, int, int> ResizeCases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var mode in new[] { "nearest", "linear", "cubic", "area" })
        {
            foreach (var (h, w) in new[] { (10, 13), (7, 9), (21, 26), (40, 52), (33, 17), (8, 60) })
            {
                data.Add(mode, h, w);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ResizeCases))]
    public void Resize_MatchesOpenCv(string mode, int height, int width)
    {
        var img = FixtureImages.Load("geometry", "img.npy");
        var expected = FixtureImages.Load("geometry", $"resize_{mode}_{height}x{width}.npy");
        var interpolation = mode switch
        {
            "nearest" => Interpolation.Nearest,
            "linear" => Interpolation.Linear,
            "cubic" => Interpolation.Cubic,
            _ => Interpolation.Area,
        };
        FixtureImages.AssertClose(expected, Resize.Apply(img, height, width, interpolation), 2e-4, 1e-5);
    }

    [Theory]
    [InlineData(7, 9)]
    [InlineData(10, 13)]
    public void Resize_AntiAliasing_MatchesScikitImagePrefilterThenOpenCv(int height, int width)
    {
        var img = FixtureImages.Load("geometry", "img.npy");
        var expected = FixtureImages.Load("geometry", $"resize_aa_linear_{height}x{width}.npy");
        var actual = Resize.Apply(img, new ResizeOptions { Height = height, Width = width, AntiAliasing = true });
        FixtureImages.AssertClose(expected, actual, 2e-4, 1e-5);
    }

    [Fact]
    public void Resize_ZeroSize_NamesTheOption()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Resize.Apply(new Image(1, 4, 4), 0, 3));
        Assert.Contains("Height", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("constant", PadMode.Constant)]
    [InlineData("edge", PadMode.Edge)]
    [InlineData("reflect", PadMode.Reflect)]
    [InlineData("symmetric", PadMode.Symmetric)]
    [InlineData("wrap", PadMode.Wrap)]
    public void Pad_MatchesNumPyPad(string name, PadMode mode)
    {
        var small = FixtureImages.Load("geometry", "small.npy");
        var bottom = mode == PadMode.Wrap ? 4 : 7;
        FixtureImages.AssertEqual(FixtureImages.Load("geometry", $"pad_{name}.npy"), Geometry.Pad(small, 2, bottom, 3, 1, mode, 3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(-1)]
    public void Rot90_MatchesNumPy(int k)
    {
        var img = FixtureImages.Load("geometry", "img.npy");
        FixtureImages.AssertEqual(FixtureImages.Load("geometry", $"rot90_{k}.npy"), Geometry.Rot90(img, k));
    }

    [Fact]
    public void Flips_MatchNumPy()
    {
        var img = FixtureImages.Load("geometry", "img.npy");
        FixtureImages.AssertEqual(FixtureImages.Load("geometry", "fliplr.npy"), Geometry.FlipHorizontal(img));
        FixtureImages.AssertEqual(FixtureImages.Load("geometry", "flipud.npy"), Geometry.FlipVertical(img));
    }

    [Fact]
    public void Crop_IsTheNumPySlice_AndCropAroundPadsBeyondTheEdge()
    {
        var img = FixtureImages.Load("geometry", "img.npy");
        var crop = Geometry.Crop(img, 3, 4, 5, 6);
        Assert.Equal(img[0, 3, 4], crop[0, 0, 0]);
        Assert.Equal(img[0, 7, 9], crop[0, 4, 5]);
        var around = Geometry.CropAround(img, 0, 0, 4, 4);
        Assert.Equal(0f, around[0, 0, 0]);
        Assert.Equal(0f, around[0, 1, 3]);
        Assert.Equal(img[0, 0, 0], around[0, 2, 2]);
        Assert.Equal(img[0, 1, 1], around[0, 3, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Geometry.Crop(img, 20, 0, 5, 5));
    }
}
