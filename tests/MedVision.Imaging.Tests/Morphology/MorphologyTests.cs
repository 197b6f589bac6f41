using MedVision.Imaging.Preprocessing;
using MedVision.Testing;

namespace MedVision.Imaging.Tests;

public class MorphologyTests
{
    private static Mask LoadMask(string file)
    {
        var npy = NpyFixture.Load("imaging", "morphology", file);
        return new Mask(npy.Shape[0], npy.Shape[1], Array.ConvertAll(npy.Values, v => v != 0));
    }

    private static void AssertMaskEqual(Mask expected, Mask actual)
    {
        Assert.Equal((expected.Height, expected.Width), (actual.Height, actual.Width));
        for (var i = 0; i < expected.Data.Length; i++)
        {
            Assert.True(expected.Data[i] == actual.Data[i], $"pixel (y={i / expected.Width}, x={i % expected.Width}): expected {expected.Data[i]}, got {actual.Data[i]}");
        }
    }

    private static Footprint Footprint(string name) => name switch
    {
        "disk1" => Imaging.Footprint.Disk(1),
        "disk3" => Imaging.Footprint.Disk(3),
        "square3" => Imaging.Footprint.Square(3),
        "square4" => Imaging.Footprint.Square(4),
        "rect2x5" => Imaging.Footprint.Rectangle(2, 5),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Fact]
    public void Otsu_MatchesScikitImageThresholdOtsu()
    {
        var mammo = FixtureImages.Load("morphology", "mammo.npy");
        Assert.Equal(NpyFixture.Load("imaging", "morphology", "otsu_mammo.npy").Values[0], Otsu.Threshold(mammo), 9);
        var f = FixtureImages.Load("morphology", "f.npy");
        var expected = NpyFixture.Load("imaging", "morphology", "otsu_f.npy").Values;
        Assert.Equal(expected[0], Otsu.Threshold(f), 9);
        Assert.Equal(expected[1], Otsu.Threshold(f, bins: 32), 9);
        AssertMaskEqual(LoadMask("mask.npy"), Mask.Above(mammo, Otsu.Threshold(mammo)));
    }

    [Fact]
    public void Otsu_ConstantImage_ReturnsItsValue()
    {
        var flat = new Image(1, 3, 4);
        Array.Fill(flat.Data, 9f);
        Assert.Equal(9, Otsu.Threshold(flat));
    }

    [Theory]
    [InlineData("disk1")]
    [InlineData("disk3")]
    [InlineData("square3")]
    [InlineData("square4")]
    [InlineData("rect2x5")]
    public void BinaryMorphology_MatchesScikitImage(string footprint)
    {
        var mask = LoadMask("random_mask.npy");
        var fp = Footprint(footprint);
        AssertMaskEqual(LoadMask($"erode_{footprint}.npy"), BinaryMorphology.Erode(mask, fp));
        AssertMaskEqual(LoadMask($"dilate_{footprint}.npy"), BinaryMorphology.Dilate(mask, fp));
        AssertMaskEqual(LoadMask($"open_{footprint}.npy"), BinaryMorphology.Open(mask, fp));
        AssertMaskEqual(LoadMask($"close_{footprint}.npy"), BinaryMorphology.Close(mask, fp));
    }

    [Fact]
    public void Disk_HasScikitImageShape()
    {
        var disk = Imaging.Footprint.Disk(2);
        Assert.Equal(5, disk.Height);
        Assert.Equal(13, disk.Data.Count(v => v));
        Assert.False(disk.Data[0]);
        Assert.True(disk.Data[2]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Label_MatchesScikitImageMeasureLabel(int connectivity)
    {
        var mask = LoadMask("random_mask.npy");
        var expected = NpyFixture.Load("imaging", "morphology", $"label_c{connectivity}.npy").AsInt();
        var actual = ConnectedComponents.Label(mask, connectivity);
        Assert.Equal(expected, actual.Labels);
        Assert.Equal(expected.Max(), actual.Count);
        Assert.Equal(mask.Data.Length, actual.Sizes.Sum());
        for (var k = 1; k <= actual.Count; k++)
        {
            Assert.Equal(expected.Count(v => v == k), actual.Sizes[k]);
        }
    }

    [Fact]
    public void Label_BadConnectivity_NamesIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ConnectedComponents.Label(new Mask(2, 2), 3));
        Assert.Contains("connectivity", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FillHoles_MatchesScipyBinaryFillHoles()
    {
        AssertMaskEqual(LoadMask("fill_holes.npy"), ConnectedComponents.FillHoles(LoadMask("random_mask.npy")));
    }

    [Fact]
    public void Largest_OfEmptyMask_IsEmpty()
    {
        Assert.Equal(0, ConnectedComponents.Largest(new Mask(4, 4)).Count);
    }

    [Fact]
    public void ArtifactRemoval_MatchesTheScikitImageComposition_AndDropsTheLabel()
    {
        var mammo = FixtureImages.Load("morphology", "mammo.npy");
        var result = ArtifactRemoval.Apply(mammo);
        AssertMaskEqual(LoadMask("artifact_region.npy"), result.Region);
        FixtureImages.AssertEqual(FixtureImages.Load("morphology", "artifact_image.npy"), result.Image);
        Assert.Equal(0f, result.Image[0, 8, 50]);
        Assert.True(result.Image[0, 24, 5] > 100);
    }
}
