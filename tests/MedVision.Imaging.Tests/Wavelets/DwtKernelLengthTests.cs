using MedVision.Imaging.Wavelets;

namespace MedVision.Imaging.Tests.Wavelets;

/// <summary>The vectorised analysis at every signal length 1…257 (all SIMD remainders) against the textbook sums.</summary>
public class DwtKernelLengthTests
{
    // x̃ for the half-sample mirror, written independently of the library: period 2N, mirrored second half.
    private static double Symmetric(double[] x, int i)
    {
        var n = x.Length;
        var m = ((i % (2 * n)) + (2 * n)) % (2 * n);
        return m < n ? x[m] : x[(2 * n) - 1 - m];
    }

    [Theory]
    [InlineData("haar")]
    [InlineData("db5")]
    [InlineData("bior6.8")]
    public void Dwt_AtLengths1To257_EqualsDirectSums(string name)
    {
        var wavelet = Wavelet.Get(name);
        var random = new Random(3);
        var lo = wavelet.DecLo.ToArray();
        var hi = wavelet.DecHi.ToArray();
        var f = lo.Length;
        for (var n = 1; n <= 257; n++)
        {
            var x = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
            var (a, d) = WaveletTransform.Dwt(x, wavelet);
            Assert.Equal((n + f - 1) / 2, a.Length);
            for (var o = 0; o < a.Length; o++)
            {
                double ea = 0, ed = 0;
                for (var k = 0; k < f; k++)
                {
                    var v = Symmetric(x, (2 * o) + 1 - k);
                    ea += lo[k] * v;
                    ed += hi[k] * v;
                }

                Assert.True(Math.Abs(ea - a[o]) < 1e-12 && Math.Abs(ed - d[o]) < 1e-12, $"{name} n={n} o={o}");
            }

            var (pa, pd) = WaveletTransform.Dwt(x, wavelet, WaveletMode.Periodization);
            var m = n + (n & 1);
            for (var o = 0; o < pa.Length; o++)
            {
                double ea = 0, ed = 0;
                for (var k = 0; k < f; k++)
                {
                    var idx = ((((f / 2) + (2 * o) - k) % m) + m) % m;
                    var v = x[Math.Min(idx, n - 1)];
                    ea += lo[k] * v;
                    ed += hi[k] * v;
                }

                Assert.True(Math.Abs(ea - pa[o]) < 1e-12 && Math.Abs(ed - pd[o]) < 1e-12, $"{name} periodization n={n} o={o}");
            }
        }
    }
}
