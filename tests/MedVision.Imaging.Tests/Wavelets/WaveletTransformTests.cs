using MedVision.Imaging.Wavelets;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Wavelets;

/// <summary>Against PyWavelets 1.1.1 fixtures written by tests/fixtures/scripts/imaging_wavelets.py.</summary>
public class WaveletTransformTests
{
    private const double Tolerance = 1e-10;

    private static readonly string[] Families = ["haar", "db2", "db5", "sym4", "coif2", "bior3.5", "rbio2.8"];
    private static readonly int[] Lengths = [1, 2, 3, 4, 5, 6, 7, 8, 9, 17];
    private static readonly int[] IdwtLengths = [5, 6, 7, 9, 12];

    public static TheoryData<WaveletMode> Modes() => new(Enum.GetValues<WaveletMode>());

    private static string PyName(WaveletMode mode) => mode.ToString().ToLowerInvariant();

    private static double[] Load(string name) => NpyFixture.Load("imaging", "wavelets", name).Values;

    private static Array2D Load2D(string name)
    {
        var f = NpyFixture.Load("imaging", "wavelets", name);
        return new Array2D(f.Shape[0], f.Shape[1], f.Values);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Dwt_MatchesPywt_ForShortAndLongSignals(WaveletMode mode)
    {
        var signals = Load("signals1.npy");
        var actual = new List<double>();
        foreach (var family in Families)
        {
            var offset = 0;
            foreach (var n in Lengths)
            {
                var x = signals.AsSpan(offset, n);
                offset += n;
                if (n == 1 && mode is WaveletMode.Reflect or WaveletMode.AntiReflect)
                {
                    continue;
                }

                var (a, d) = WaveletTransform.Dwt(x, Wavelet.Get(family), mode);
                Assert.Equal(WaveletTransform.DwtCoeffLength(n, Wavelet.Get(family).FilterLength, mode), a.Length);
                actual.AddRange(a);
                actual.AddRange(d);
            }
        }

        Approx.Equal(Load($"dwt1_{PyName(mode)}.npy"), actual.ToArray(), Tolerance, $"dwt {mode}");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Idwt_MatchesPywt(WaveletMode mode)
    {
        var inputs = Load("idwt_inputs.npy");
        var actual = new List<double>();
        foreach (var family in Families)
        {
            var wavelet = Wavelet.Get(family);
            var offset = 0;
            foreach (var n in IdwtLengths)
            {
                var cad = inputs.AsSpan(offset, 2 * n);
                offset += 2 * n;
                if (mode != WaveletMode.Periodization && n < wavelet.FilterLength / 2)
                {
                    continue;
                }

                actual.AddRange(WaveletTransform.Idwt(cad[..n], cad[n..], wavelet, mode));
            }
        }

        Approx.Equal(Load($"idwt1_{PyName(mode)}.npy"), actual.ToArray(), Tolerance, $"idwt {mode}");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void WaveDec2_MatchesPywt_OnAnOddSizedImage(WaveletMode mode)
    {
        var x = Load2D("x2.npy");
        var actual = new List<double>();
        foreach (var family in Families)
        {
            var c = WaveletTransform.WaveDec2(x, Wavelet.Get(family), level: 2, mode);
            actual.AddRange(c.Approximation.Data);
            foreach (var band in c.Details.SelectMany(d => d.Bands()))
            {
                actual.AddRange(band.Data);
            }
        }

        Approx.Equal(Load($"wavedec2_{PyName(mode)}.npy"), actual.ToArray(), Tolerance, $"wavedec2 {mode}");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void WaveRec2_InvertsWaveDec2_ForEveryWavelet(WaveletMode mode)
    {
        var x = Load2D("x2.npy");
        foreach (var name in Wavelet.Names)
        {
            var wavelet = Wavelet.Get(name);
            var rebuilt = WaveletTransform.WaveRec2(WaveletTransform.WaveDec2(x, wavelet, level: 2, mode), wavelet, mode);
            // An odd side comes back one sample longer, as in PyWavelets.
            Assert.Equal((x.Height + 1, x.Width + 1), (rebuilt.Height, rebuilt.Width));
            var cropped = new double[x.Data.Length];
            for (var y = 0; y < x.Height; y++)
            {
                rebuilt.Data.AsSpan(y * rebuilt.Width, x.Width).CopyTo(cropped.AsSpan(y * x.Width));
            }

            Approx.Equal(x.Data, cropped, 1e-9, $"round trip {name} {mode}");
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void WaveRec_InvertsWaveDec_ForEveryWavelet(WaveletMode mode)
    {
        var x = Load("x16.npy")[..15];
        foreach (var name in Wavelet.Names)
        {
            var wavelet = Wavelet.Get(name);
            var rebuilt = WaveletTransform.WaveRec(WaveletTransform.WaveDec(x, wavelet, level: 3, mode), wavelet, mode);
            Approx.Equal(x, rebuilt.AsSpan(0, x.Length), 1e-9, $"round trip {name} {mode}");
        }
    }

    [Fact]
    public void WaveDec_MatchesPywt_ForEveryWavelet()
    {
        var x = Load("x16.npy");
        var actual = Wavelet.Names.SelectMany(n => WaveletTransform.WaveDec(x, Wavelet.Get(n), level: 2).SelectMany(c => c)).ToArray();
        Approx.Equal(Load("wavedec1_all.npy"), actual, Tolerance, "wavedec all wavelets");
    }

    [Fact]
    public void WaveDec2_MatchesPywtChecksums_ForEveryWavelet()
    {
        var x = Load2D("x3.npy");
        var expected = NpyFixture.Load("imaging", "wavelets", "wavedec2_all_checksums.npy");
        Assert.Equal([Wavelet.Names.Count, 7, 3], expected.Shape);
        var actual = new List<double>();
        foreach (var name in Wavelet.Names)
        {
            var c = WaveletTransform.WaveDec2(x, Wavelet.Get(name), level: 2);
            foreach (var band in c.Details.SelectMany(d => d.Bands()).Prepend(c.Approximation))
            {
                double sum = 0, squares = 0, weighted = 0;
                for (var k = 0; k < band.Data.Length; k++)
                {
                    var v = band.Data[k];
                    sum += v;
                    squares += v * v;
                    weighted += v * Math.Sin((0.37 * k) + 0.1);
                }

                actual.AddRange([sum, squares, weighted]);
            }
        }

        Approx.Equal(expected.Values, actual.ToArray(), 1e-9, "wavedec2 checksums");
    }

    [Fact]
    public void DwtMaxLevel_MatchesPywt()
    {
        var rows = NpyFixture.Load("imaging", "wavelets", "maxlevel.npy").AsInt();
        for (var i = 0; i < rows.Length; i += 3)
        {
            Assert.True(rows[i + 2] == WaveletTransform.DwtMaxLevel(rows[i], rows[i + 1]), $"dwt_max_level({rows[i]}, {rows[i + 1]})");
        }
    }

    [Fact]
    public void CoefficientLengths_FollowPywt()
    {
        Assert.Equal(34, WaveletTransform.DwtCoeffLength(60, 10));
        Assert.Equal(30, WaveletTransform.DwtCoeffLength(60, 10, WaveletMode.Periodization));
        Assert.Equal(4, WaveletTransform.DwtCoeffLength(7, 10, WaveletMode.Periodization));
        var c = WaveletTransform.WaveDec2(new Array2D(60, 60), Wavelet.Get("db5"), level: 4);
        Assert.Equal([12, 15, 21, 34], c.Details.Select(d => d.Horizontal.Height));
        Assert.Equal(12, c.Approximation.Width);
        Assert.Same(c.Details[0], c.DetailsAtLevel(4));
    }

    [Fact]
    public void Dwt2_ThenIdwt2_RestoresAnEvenImage_AndSplitsABoxIntoBands()
    {
        var data = new double[8 * 6];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (i * 7919 % 31) - 15;
        }

        var x = new Array2D(8, 6, data);
        var haar = Wavelet.Get("haar");
        var c = WaveletTransform.Dwt2(x, haar);
        // Haar 2x2 block [[a, b], [c, d]]: cA = (a+b+c+d)/2, cH = (a+b-c-d)/2, cV = (a-b+c-d)/2, cD = (a-b-c+d)/2.
        var (a, b, cc, d) = (x[0, 0], x[0, 1], x[1, 0], x[1, 1]);
        Assert.Equal((a + b + cc + d) / 2, c.Approximation[0, 0], 12);
        Assert.Equal((a + b - cc - d) / 2, c.Details.Horizontal[0, 0], 12);
        Assert.Equal((a - b + cc - d) / 2, c.Details.Vertical[0, 0], 12);
        Assert.Equal((a - b - cc + d) / 2, c.Details.Diagonal[0, 0], 12);
        Approx.Equal(x.Data, WaveletTransform.Idwt2(c, haar).Data, 1e-12, "haar round trip");
    }

    [Fact]
    public void BadArguments_AreArgumentErrors_NamingWhatWasWrong()
    {
        var db5 = Wavelet.Get("db5");
        Assert.Throws<ArgumentException>(() => WaveletTransform.Dwt(ReadOnlySpan<double>.Empty, db5));
        var e = Assert.Throws<ArgumentException>(() => WaveletTransform.Idwt(new double[6], new double[5], db5));
        Assert.Contains("6 and 5", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => WaveletTransform.Idwt(new double[3], new double[3], db5));
        Assert.Throws<ArgumentOutOfRangeException>(() => WaveletTransform.WaveDec(new double[8], db5, level: -1));
        Assert.Throws<ArgumentException>(() => WaveletTransform.Dwt([1.0, 2, 3], db5, WaveletMode.Symmetric, new double[5], new double[4]));
    }
}
