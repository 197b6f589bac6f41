using MedVision.Imaging.Features;
using MedVision.Imaging.Tests.Wavelets;
using MedVision.Imaging.Wavelets;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Features;

public class WaveletFeaturesTests
{
    private static Image SeedImage()
    {
        var f = NpyFixture.Load("imaging", "wavelets", "seed000_image.npy");
        return new Image(1, f.Shape[0], f.Shape[1], f.AsFloat());
    }

    private static double[] Widen(float[] values) => Array.ConvertAll(values, v => (double)v);

    [Fact]
    public void Seed000Defaults_EqualThePeerScriptsPywtVector()
    {
        var features = new WaveletFeatures().Extract(SeedImage());
        Assert.Equal(2430, features.Length);
        Approx.Equal(NpyFixture.Load("imaging", "wavelets", "seed000_features.npy").Values, Widen(features), 1e-6, "db5 level 4, details 2-4");
    }

    [Fact]
    public void ApproximationAndAllLevels_PeriodizationSym4_EqualPywt()
    {
        var extractor = new WaveletFeatures(new WaveletFeatureOptions
        {
            Wavelet = "sym4",
            Level = 3,
            FirstDetailLevel = 1,
            LastDetailLevel = 3,
            IncludeApproximation = true,
            Mode = WaveletMode.Periodization,
        });
        var features = extractor.Extract(SeedImage());
        Approx.Equal(NpyFixture.Load("imaging", "wavelets", "features_sym4_l3.npy").Values, Widen(features), 1e-6, "sym4 periodization");
    }

    [Fact]
    public void LongFilterOnTinyImage_BandsLargerThanInput_MatchWaveDec2()
    {
        // db20 on 5×7: level-1 bands (22×23) are larger than the image; buffers must be sized by the largest level.
        var data = Enumerable.Range(0, 35).Select(i => (float)((i * 37 % 11) - 3)).ToArray();
        var image = new Image(1, 5, 7, data);
        var options = new WaveletFeatureOptions { Wavelet = "db20", Level = 2, FirstDetailLevel = 1, LastDetailLevel = 2, IncludeApproximation = true };
        var features = new WaveletFeatures(options).Extract(image);
        var c = WaveletTransform.WaveDec2(Array2D.FromImage(image), Wavelet.Get("db20"), level: 2);
        var expected = c.Details.SelectMany(d => d.Bands()).Prepend(c.Approximation).SelectMany(b => b.Data).ToArray();
        Approx.Equal(expected, Widen(features), 1e-6, "db20 tiny");
    }

    [Fact]
    public void MiddleLevelsOnly_AreTheWaveDec2BandsOfThoseLevels()
    {
        var image = SeedImage();
        var options = new WaveletFeatureOptions { Wavelet = "coif2", Level = 3, FirstDetailLevel = 2, LastDetailLevel = 2, Mode = WaveletMode.Reflect };
        var features = new WaveletFeatures(options).Extract(image);
        var c = WaveletTransform.WaveDec2(Array2D.FromImage(image), Wavelet.Get("coif2"), level: 3, WaveletMode.Reflect);
        Approx.Equal(c.DetailsAtLevel(2).Bands().SelectMany(b => b.Data).ToArray(), Widen(features), 1e-6, "coif2 level 2 only");
    }

    [Fact]
    public void BadOptions_AreRejectedWithTheRangeInTheMessage()
    {
        Assert.Throws<ArgumentException>(() => new WaveletFeatures(new WaveletFeatureOptions { Wavelet = "db99" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WaveletFeatures(new WaveletFeatureOptions { Level = 0 }));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new WaveletFeatures(new WaveletFeatureOptions { Level = 3, LastDetailLevel = 4 }));
        Assert.Contains("2–4", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new WaveletFeatures().Extract(SeedImage(), new float[10]));
    }
}
