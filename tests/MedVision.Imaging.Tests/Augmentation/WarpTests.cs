using MedVision.Imaging.Augmentation;
using MedVision.Testing;

namespace MedVision.Imaging.Tests;

public class WarpTests
{
    internal static FillMode Mode(string name) => name switch
    {
        "constant" => FillMode.Constant,
        "nearest" => FillMode.Nearest,
        "reflect" => FillMode.Reflect,
        _ => FillMode.Wrap,
    };

    public static TheoryData<string, string, int> AffineCases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var matrix in new[] { "rot", "zoomout", "shift" })
        {
            foreach (var mode in new[] { "constant", "nearest", "reflect", "wrap" })
            {
                data.Add(matrix, mode, 0);
                data.Add(matrix, mode, 1);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AffineCases))]
    public void Affine_MatchesScipyAffineTransform(string matrix, string mode, int order)
    {
        var img = FixtureImages.Load("augmentation", "img.npy");
        var m = NpyFixture.Load("imaging", "augmentation", $"matrix_{matrix}.npy").Values;
        var expected = FixtureImages.Load("augmentation", $"affine_{matrix}_{mode}_{order}.npy");
        var actual = Warp.Affine(img, new Affine2D(m[0], m[1], m[2], m[3], m[4], m[5]), Mode(mode), -3, order);
        FixtureImages.AssertClose(expected, actual, 1e-4, 1e-6);
    }

    public static TheoryData<string, string> KerasCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in new[] { "rot20", "all", "zoom" })
        {
            foreach (var mode in new[] { "nearest", "constant", "reflect", "wrap" })
            {
                data.Add(name, mode);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KerasCases))]
    public void KerasAffine_MatchesKerasApplyAffineTransform(string name, string mode)
    {
        var img = FixtureImages.Load("augmentation", "img.npy");
        var map = name switch
        {
            "rot20" => Affine2D.Keras(20, 0, 0, 0, 1, 1, img.Height, img.Width),
            "all" => Affine2D.Keras(-15, 2.5, -3.0, 12, 0.9, 1.15, img.Height, img.Width),
            _ => Affine2D.Keras(0, 0, 0, 0, 1.3, 0.8, img.Height, img.Width),
        };
        var expected = FixtureImages.Load("augmentation", $"keras_{name}_{mode}.npy");
        FixtureImages.AssertClose(expected, Warp.Affine(img, map, Mode(mode)), 1e-4, 1e-6);
    }

    [Theory]
    [InlineData("reflect")]
    [InlineData("constant")]
    [InlineData("nearest")]
    public void MapCoordinates_MatchesScipyForAnElasticField(string mode)
    {
        var img = FixtureImages.Load("augmentation", "img.npy");
        var rows = NpyFixture.Load("imaging", "augmentation", "elastic_rows.npy").Values;
        var cols = NpyFixture.Load("imaging", "augmentation", "elastic_cols.npy").Values;
        var expected = FixtureImages.Load("augmentation", $"elastic_{mode}.npy");
        FixtureImages.AssertClose(expected, Warp.MapCoordinates(img, rows, cols, Mode(mode)), 1e-4, 1e-6);
    }

    [Fact]
    public void Identity_IsExact_AndBadOrderIsNamed()
    {
        var img = FixtureImages.Load("augmentation", "img.npy");
        FixtureImages.AssertEqual(img, Warp.Affine(img, Affine2D.Identity));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Warp.Affine(img, Affine2D.Identity, order: 3));
        Assert.Contains("order", e.Message, StringComparison.Ordinal);
    }
}
