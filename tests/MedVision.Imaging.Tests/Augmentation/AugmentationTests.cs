using MedVision.Imaging.Augmentation;

namespace MedVision.Imaging.Tests;

public class AugmentationTests
{
    private static Image Sample() => FixtureImages.Load("augmentation", "img.npy");

    /// <summary>Every augmentation with non-trivial settings: the shared suite runs over this list.</summary>
    public static TheoryData<string> All() => [.. Augmentations.Keys];

    private static readonly Dictionary<string, IAugmentation> Augmentations = new()
    {
        ["flip"] = new RandomFlip(0.5, 0.5),
        ["rot90"] = new RandomRot90(),
        ["affine"] = new RandomAffine { RotationRange = 30, WidthShiftRange = 0.1, HeightShiftRange = 0.1, ShearRange = 10, ZoomLow = 0.8, ZoomHigh = 1.2, FillMode = FillMode.Reflect },
        ["intensity"] = new RandomIntensity { BrightnessLow = 0.8, BrightnessHigh = 1.2, ContrastLow = 0.7, ContrastHigh = 1.3, GammaLow = 0.8, GammaHigh = 1.25 },
        ["noise"] = new GaussianNoise(5),
        ["elastic"] = new ElasticDeformation { Alpha = 30, Sigma = 3 },
        ["keras"] = new KerasImageDataGenerator { RotationRange = 20, WidthShiftRange = 0.2, HeightShiftRange = 0.2, ShearRange = 0.2, ZoomRange = 0.2, HorizontalFlip = true, VerticalFlip = true, BrightnessRange = (0.8, 1.2) },
        ["fastai"] = new FastaiAugTransforms { FlipVert = true },
        ["rand_rotate90"] = new RandRotate90(),
        ["rand_affine"] = new RandAffine { Rotate = 15, Translate = 0.1, ScaleLow = 0.9, ScaleHigh = 1.1, Shear = 5 },
        ["rand_adjust_contrast"] = new RandAdjustContrast(0.8, 1.2),
        ["random_apply"] = new RandomApply(new GaussianNoise(3), 0.5),
        ["compose"] = new Compose(new RandomFlip(), new RandomAffine { RotationRange = 15 }, new GaussianNoise(2)),
    };

    [Theory]
    [MemberData(nameof(All))]
    public void SameSeed_GivesTheSameBytes_AndTheInputIsUntouched(string name)
    {
        var image = Sample();
        var before = (float[])image.Data.Clone();
        var a = Augmentations[name].Apply(image, new Random(42));
        var b = Augmentations[name].Apply(image, new Random(42));
        Assert.Equal(a.Data, b.Data);
        Assert.Equal(before, image.Data);
        Assert.Equal(image.PlaneSize, a.PlaneSize);
        Assert.All(a.Data, v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void DifferentSeeds_GiveDifferentImagesSomewhere(string name)
    {
        var image = Sample();
        var first = Augmentations[name].Apply(image, new Random(1)).Data;
        var differs = Enumerable.Range(2, 8).Any(seed => !Augmentations[name].Apply(image, new Random(seed)).Data.SequenceEqual(first));
        Assert.True(differs);
    }

    [Fact]
    public void Flip_WithProbabilityOne_IsTheGeometricFlip()
    {
        var image = Sample();
        FixtureImages.AssertEqual(Geometry.FlipHorizontal(image), new RandomFlip(1, 0).Apply(image, new Random(0)));
        FixtureImages.AssertEqual(Geometry.FlipVertical(image), new RandomFlip(0, 1).Apply(image, new Random(0)));
    }

    [Fact]
    public void Affine_UsesKerasDrawsAndComposition()
    {
        var image = Sample();
        var affine = new RandomAffine { RotationRange = 25, WidthShiftRange = 0.1, HeightShiftRange = 3, ShearRange = 8, ZoomLow = 0.9, ZoomHigh = 1.1 };
        var draws = new Random(7);
        var theta = -25 + (50 * draws.NextDouble());
        var tx = -3 + (6 * draws.NextDouble());
        var ty = (-0.1 + (0.2 * draws.NextDouble())) * image.Width;
        var shear = -8 + (16 * draws.NextDouble());
        var zx = 0.9 + (0.2 * draws.NextDouble());
        var zy = 0.9 + (0.2 * draws.NextDouble());
        var expected = Warp.Affine(image, Affine2D.Keras(theta, tx, ty, shear, zx, zy, image.Height, image.Width));
        FixtureImages.AssertEqual(expected, affine.Apply(image, new Random(7)));
    }

    [Fact]
    public void ZeroRanges_AndZeroAlpha_LeaveTheImageUnchanged()
    {
        var image = Sample();
        FixtureImages.AssertEqual(image, new RandomAffine().Apply(image, new Random(3)));
        FixtureImages.AssertEqual(image, new RandomIntensity().Apply(image, new Random(3)));
        FixtureImages.AssertEqual(image, new ElasticDeformation { Alpha = 0 }.Apply(image, new Random(3)));
        FixtureImages.AssertEqual(image, new KerasImageDataGenerator().Apply(image, new Random(3)));
        var off = new FastaiAugTransforms { DoFlip = false, PAffine = 0, PLighting = 0 };
        FixtureImages.AssertEqual(image, off.Apply(image, new Random(3)));
    }

    [Fact]
    public void Intensity_FixedBrightnessAndGamma_AreExact()
    {
        var image = Sample();
        var brighter = new RandomIntensity { BrightnessLow = 1.5, BrightnessHigh = 1.5 }.Apply(image, new Random(0));
        var gamma = new RandomIntensity { GammaLow = 2, GammaHigh = 2 }.Apply(image, new Random(0));
        for (var i = 0; i < image.Data.Length; i++)
        {
            Assert.Equal((float)(image.Data[i] * 1.5), brighter.Data[i], 1e-3f);
            Assert.Equal(255 * Math.Pow(image.Data[i] / 255.0, 2), gamma.Data[i], 1e-3);
        }
    }

    [Fact]
    public void Noise_HasTheRequestedMeanAndStd()
    {
        var flat = new Image(1, 200, 200);
        var noisy = new GaussianNoise(3, 1).Apply(flat, new Random(5)).Data;
        var mean = noisy.Average();
        var std = Math.Sqrt(noisy.Select(v => (v - mean) * (v - mean)).Average());
        Assert.Equal(1, mean, 0.05);
        Assert.Equal(3, std, 0.05);
    }

    [Fact]
    public void Keras_BrightnessOne_StretchesAndTruncatesTo8Bits()
    {
        var image = Sample();
        var keras = new KerasImageDataGenerator { BrightnessRange = (1, 1) }.Apply(image, new Random(0));
        var (min, max) = (image.Data.Min(), image.Data.Max());
        for (var i = 0; i < image.Data.Length; i++)
        {
            Assert.Equal(Math.Floor((image.Data[i] - min) / (max - min) * 255), keras.Data[i]);
        }
    }

    [Fact]
    public void Fastai_LightingOnly_KeepsValuesInRangeAndOrder()
    {
        var image = Sample();
        var lit = new FastaiAugTransforms { DoFlip = false, PAffine = 0, PLighting = 1, MaxLighting = 0.5 }.Apply(image, new Random(9));
        Assert.All(lit.Data, v => Assert.InRange(v, 0f, 255f));
        var order = Enumerable.Range(0, image.Data.Length).OrderBy(i => image.Data[i]).ToArray();
        for (var k = 1; k < order.Length; k++)
        {
            Assert.True(lit.Data[order[k]] >= lit.Data[order[k - 1]]);
        }
    }

    [Fact]
    public void BadProbability_NamesTheParameter()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RandomFlip(1.5).Apply(Sample(), new Random(0)));
        Assert.Contains("Horizontal", e.Message, StringComparison.Ordinal);
    }
}
