using MedVision.Imaging.Features;
using MedVision.Imaging.Tests.Wavelets;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Features;

/// <summary>Against scikit-image 0.19.3 / SciPy fixtures written by tests/fixtures/scripts/imaging_features.py.</summary>
public class TextureFeaturesTests
{
    private static readonly (double F, double Theta, double B, double? Sx, double? Sy, double N, double Offset)[] GaborParams =
    [
        (0.1, 0, 1, null, null, 3, 0),
        (0.25, Math.PI / 3, 1, null, null, 3, 0),
        (0.3, 1, 0.7, 2, 3, 2.5, 0.4),
    ];

    private static NpyFixture Load(string name) => NpyFixture.Load("imaging", "features", name);

    private static Image TestImage()
    {
        var f = Load("image.npy");
        return new Image(1, f.Shape[0], f.Shape[1], f.AsFloat());
    }

    private static double[] Widen(ReadOnlySpan<float> values) => values.ToArray().Select(v => (double)v).ToArray();

    [Fact]
    public void GaborKernel_MatchesSkimage()
    {
        var expected = Load("gabor_kernels.npy").Values;
        var offset = 0;
        foreach (var p in GaborParams)
        {
            var k = GaborKernel.Create(p.F, p.Theta, p.B, p.Sx, p.Sy, p.N, p.Offset);
            Assert.Equal(((int)expected[offset], (int)expected[offset + 1]), (k.Height, k.Width));
            offset += 2;
            var n = k.Height * k.Width;
            Approx.Equal(expected.AsSpan(offset, n), k.Real, 1e-12, $"real f={p.F}");
            Approx.Equal(expected.AsSpan(offset + n, n), k.Imaginary, 1e-12, $"imag f={p.F}");
            offset += 2 * n;
        }

        Assert.Equal(expected.Length, offset);
    }

    [Fact]
    public void GaborFilter_MatchesSkimage_IncludingKernelsWiderThanTheImage()
    {
        var image = TestImage();
        var pixels = image.Data.Select(v => (double)v).ToArray();
        var expected = Load("gabor_filtered.npy").Values;
        var n = pixels.Length;
        for (var i = 0; i < GaborParams.Length; i++)
        {
            var p = GaborParams[i];
            var (re, im) = (new double[n], new double[n]);
            GaborKernel.Create(p.F, p.Theta, p.B, p.Sx, p.Sy, p.N, p.Offset).Apply(pixels, image.Height, image.Width, re, im);
            Approx.Equal(expected.AsSpan(2 * i * n, n), re, 1e-10, $"gabor real {i}");
            Approx.Equal(expected.AsSpan(((2 * i) + 1) * n, n), im, 1e-10, $"gabor imag {i}");
        }
    }

    [Fact]
    public void GaborApply_AtWidths1To40_EqualsDirectConvolution()
    {
        var kernel = GaborKernel.Create(0.3, theta: 0.7);
        var random = new Random(11);
        for (var width = 1; width <= 40; width++)
        {
            const int height = 5;
            var image = Enumerable.Range(0, height * width).Select(_ => random.NextDouble()).ToArray();
            var (re, im) = (new double[image.Length], new double[image.Length]);
            kernel.Apply(image, height, width, re, im);
            var (cy, cx) = (kernel.Height / 2, kernel.Width / 2);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    double er = 0, ei = 0;
                    for (var i = 0; i < kernel.Height; i++)
                    {
                        for (var j = 0; j < kernel.Width; j++)
                        {
                            var v = image[(Mirror(y - i + cy, height) * width) + Mirror(x - j + cx, width)];
                            er += kernel.Real[(i * kernel.Width) + j] * v;
                            ei += kernel.Imaginary[(i * kernel.Width) + j] * v;
                        }
                    }

                    var k = (y * width) + x;
                    Assert.True(Math.Abs(er - re[k]) < 1e-12 && Math.Abs(ei - im[k]) < 1e-12, $"width {width} at ({y}, {x})");
                }
            }
        }
    }

    // scipy.ndimage 'reflect': d c b a | a b c d | d c b a, repeating with period 2n.
    private static int Mirror(int i, int n)
    {
        var m = ((i % (2 * n)) + (2 * n)) % (2 * n);
        return m < n ? m : (2 * n) - 1 - m;
    }

    [Fact]
    public void GaborFeatures_AreMeanAndVarianceOfMagnitude()
    {
        var features = new GaborFeatures(new GaborFeatureOptions { Frequencies = [0.1, 0.25], Orientations = 4 });
        var actual = new float[features.FeatureCount(24, 20)];
        features.Extract(TestImage(), actual);
        Approx.Equal(Load("gabor_features.npy").Values, Widen(actual), 1e-5, "gabor features");
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Glcm_MatchesSkimageGraycomatrix(bool symmetric, bool normed)
    {
        var input = Load("glcm_input.npy");
        var glcm = GrayLevelCooccurrence.Compute(input.AsInt(), input.Shape[0], input.Shape[1], [1, 2], Angles, 8, symmetric, normed);
        var expected = Load($"glcm_{(symmetric ? 1 : 0)}{(normed ? 1 : 0)}.npy");
        Assert.Equal([8, 8, 2, 4], expected.Shape);
        Approx.Equal(expected.Values, glcm.Data, 1e-12, $"glcm symmetric={symmetric} normed={normed}");
    }

    private static readonly double[] Angles = [0, Math.PI / 4, Math.PI / 2, 3 * Math.PI / 4];

    [Theory]
    [InlineData("glcm_props.npy", true, true)]
    [InlineData("glcm_props_raw.npy", false, false)]
    public void GlcmProperties_MatchSkimageGraycoprops(string fixture, bool symmetric, bool normed)
    {
        var input = Load("glcm_input.npy");
        var glcm = GrayLevelCooccurrence.Compute(input.AsInt(), input.Shape[0], input.Shape[1], [1, 2], Angles, 8, symmetric, normed);
        var actual = Enum.GetValues<GlcmProperty>().SelectMany(glcm.Property).ToArray();
        Approx.Equal(Load(fixture).Values, actual, 1e-10, fixture);
    }

    [Fact]
    public void GlcmFeatures_Defaults_Are256LevelSymmetricProps()
    {
        var features = new GlcmFeatures();
        var actual = new float[features.FeatureCount(24, 20)];
        Assert.Equal(24, actual.Length);
        features.Extract(TestImage(), actual);
        Approx.Equal(Load("glcm_props_256.npy").Values, Widen(actual), 1e-5, "glcm features");
    }

    [Fact]
    public void Glcm_ValueOutsideLevels_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => GrayLevelCooccurrence.Compute([0, 1, 9, 2], 2, 2, [1], [0.0], 8));
        Assert.Contains("got 9", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LbpMethod.Default, 8, 1)]
    [InlineData(LbpMethod.Default, 16, 2)]
    [InlineData(LbpMethod.Ror, 8, 1)]
    [InlineData(LbpMethod.Ror, 16, 2)]
    [InlineData(LbpMethod.Uniform, 8, 1)]
    [InlineData(LbpMethod.Uniform, 16, 2)]
    [InlineData(LbpMethod.Var, 8, 1)]
    [InlineData(LbpMethod.Var, 16, 2)]
    public void Lbp_MatchesSkimage(LbpMethod method, int points, int radius)
    {
        var image = TestImage();
        var actual = LocalBinaryPattern.Compute(image.Data, image.Height, image.Width, points, radius, method);
        var expected = Load($"lbp_{method.ToString().ToLowerInvariant()}_P{points}_R{radius}.npy").Values;
        Approx.Equal(expected, actual, 1e-9, $"lbp {method} P={points} R={radius}");
    }

    [Fact]
    public void LbpFeatures_UniformHistogram_CountsTheCodes()
    {
        var image = TestImage();
        var codes = Load("lbp_uniform_P8_R1.npy").AsInt();
        var expected = Enumerable.Range(0, 10).Select(b => codes.Count(c => c == b) / (double)codes.Length).ToArray();
        var actual = new float[10];
        new LbpFeatures().Extract(image, actual);
        Approx.Equal(expected, Widen(actual), 1e-6, "uniform histogram");
    }

    [Fact]
    public void IntensityStatistics_MatchScipyAndSkimage()
    {
        var s = IntensityStatistics.Compute(TestImage().Data);
        Approx.Equal(Load("stats.npy").Values, [s.Mean, s.Std, s.Skewness, s.Kurtosis, s.Entropy], 1e-10, "stats");
        var flat = IntensityStatistics.Compute([3f, 3f, 3f]);
        Assert.True(double.IsNaN(flat.Skewness) && double.IsNaN(flat.Kurtosis));
        Assert.Equal(0, flat.Entropy);
    }

    [Fact]
    public void IntensityFeatures_AreStatisticsThenHistogram()
    {
        var actual = new float[21];
        new IntensityFeatures().Extract(TestImage(), actual);
        Approx.Equal([.. Load("stats.npy").Values, .. Load("histogram.npy").Values], Widen(actual), 1e-5, "intensity features");
    }
}
