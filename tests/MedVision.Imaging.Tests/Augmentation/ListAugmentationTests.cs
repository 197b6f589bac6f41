using MedVision.Imaging.Augmentation;
using MedVision.Testing;

namespace MedVision.Imaging.Tests;

/// <summary>The transforms of an experiment's <c>augment:</c> list, at fixed parameters against their references, and their draws.</summary>
public class ListAugmentationTests
{
    private const string Area = "augmentation_list";

    [Theory]
    [InlineData("rot")]
    [InlineData("all")]
    [InlineData("shearxy")]
    public void TorchvisionAffine_MatchesFunctionalAffine_WhereTheSourceIsInside(string name)
    {
        var img = FixtureImages.Load(Area, "img.npy");
        var p = NpyFixture.Load("imaging", Area, $"affine_{name}_params.npy").Values;
        var expected = FixtureImages.Load(Area, $"affine_{name}.npy");
        var inside = NpyFixture.Load("imaging", Area, $"affine_{name}_inside.npy").AsInt();

        var map = Affine2D.Torchvision(p[0], p[1], p[2], p[3], p[4], p[5], img.Height, img.Width);
        var actual = Warp.Affine(img, map, FillMode.Constant, 0, order: 1);

        Assert.True(inside.Count(v => v == 1) > inside.Length / 2);
        for (var i = 0; i < inside.Length; i++)
        {
            if (inside[i] == 1)
            {
                Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= 2e-3, $"pixel {i}: torchvision {expected.Data[i]}, ours {actual.Data[i]}");
            }
        }
    }

    [Fact]
    public void TorchvisionAffine_QuarterTurn_IsAClockwiseRot90()
    {
        var img = new Image(1, 5, 5, [.. Enumerable.Range(0, 25).Select(i => (float)i)]);

        // On a tensor, torchvision 0.14's functional.affine turns a positive angle clockwise (numpy.rot90 with k = −1).
        var turned = Warp.Affine(img, Affine2D.Torchvision(90, 0, 0, 1, 0, 0, 5, 5), FillMode.Nearest, 0, order: 0);

        Assert.Equal(Geometry.Rot90(img, -1).Data, turned.Data);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(1.8)]
    public void Gamma_OnAUnitImage_IsScikitImageAdjustGamma(double gamma)
    {
        var unit = FixtureImages.Load(Area, "unit.npy");
        FixtureImages.AssertClose(FixtureImages.Load(Area, $"gamma_unit_{gamma:0.0}.npy"), RandAdjustContrast.Adjust(unit, gamma), 1e-6, 1e-5);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(1.8)]
    public void Gamma_KeepsTheImagesOwnRange_AsMonaiRandAdjustContrast(double gamma)
    {
        var ranged = FixtureImages.Load(Area, "ranged.npy");
        FixtureImages.AssertClose(FixtureImages.Load(Area, $"gamma_ranged_{gamma:0.0}.npy"), RandAdjustContrast.Adjust(ranged, gamma), 1e-4, 1e-6);
    }

    [Fact]
    public void RandAffine_DrawsWithinItsRanges_AndCoversThem()
    {
        var affine = new RandAffine { Rotate = 15, Translate = 0.1, ScaleLow = 0.9, ScaleHigh = 1.1, Shear = 5 };
        var random = new Random(3);
        var draws = Enumerable.Range(0, 2000).Select(_ => affine.Sample(random, 40, 60)).ToList();

        Assert.All(draws, d =>
        {
            Assert.InRange(d.Angle, -15, 15);
            Assert.InRange(d.TranslateX, -6, 6);
            Assert.InRange(d.TranslateY, -4, 4);
            Assert.InRange(d.Scale, 0.9, 1.1);
            Assert.InRange(d.ShearX, -5, 5);
        });
        Assert.True(draws.Min(d => d.Angle) < -14 && draws.Max(d => d.Angle) > 14);
        Assert.True(draws.Min(d => d.TranslateX) < -5.8 && draws.Max(d => d.TranslateY) > 3.8);
        Assert.InRange(draws.Average(d => d.Scale), 0.99, 1.01);
    }

    [Fact]
    public void RandRotate90_DrawsOneToMaxKQuarterTurns()
    {
        var img = new Image(1, 4, 4, [.. Enumerable.Range(0, 16).Select(i => (float)i)]);
        var turns = Enumerable.Range(0, 4).Select(k => Geometry.Rot90(img, k).Data).ToList();
        var random = new Random(5);
        var seen = new int[4];
        for (var i = 0; i < 900; i++)
        {
            var output = new RandRotate90(MaxK: 2).Apply(img, random).Data;
            seen[turns.FindIndex(t => t.SequenceEqual(output))]++;
        }

        Assert.Equal(0, seen[0]);
        Assert.Equal(0, seen[3]);
        Assert.InRange(seen[1], 400, 500);
        Assert.Equal(900, seen[1] + seen[2]);
    }

    [Fact]
    public void RandAdjustContrast_DrawsGammaInItsRange()
    {
        var unit = FixtureImages.Load(Area, "unit.npy");
        var at = Array.FindIndex(unit.Data, v => v is > 0.3f and < 0.7f);
        var random = new Random(9);
        var gammas = Enumerable.Range(0, 300)
            .Select(_ => Math.Log(new RandAdjustContrast(0.8, 1.2).Apply(unit, random).Data[at]) / Math.Log(unit.Data[at]))
            .ToList();

        Assert.All(gammas, g => Assert.InRange(g, 0.8 - 1e-4, 1.2 + 1e-4));
        Assert.True(gammas.Min() < 0.82 && gammas.Max() > 1.18);
    }

    [Fact]
    public void RandomApply_AppliesWithItsProbability_AndIsReproducible()
    {
        var img = FixtureImages.Load(Area, "img.npy");
        var flip = new RandomApply(new RandomFlip(1, 0), 0.3);
        var flipped = Geometry.FlipHorizontal(img).Data;
        var random = new Random(11);
        var applied = Enumerable.Range(0, 3000).Count(_ => flip.Apply(img, random).Data.SequenceEqual(flipped));
        Assert.InRange(applied, 810, 990);

        Assert.Equal(img.Data, new RandomApply(new GaussianNoise(5), 0).Apply(img, new Random(1)).Data);
        Assert.Equal(new RandomApply(new GaussianNoise(5), 0.5).Apply(img, new Random(4)).Data, new RandomApply(new GaussianNoise(5), 0.5).Apply(img, new Random(4)).Data);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomApply(new GaussianNoise(5), 1.5).Apply(img, new Random(1)));
    }
}
