namespace MedVision.Imaging.Wavelets;

/// <summary>
/// The 1-D analysis and synthesis loops behind <see cref="WaveletTransform"/>, on spans, allocation-free.
/// Index conventions follow PyWavelets' <c>convolution.c</c>: for the non-periodised modes
/// cA[o] = Σₖ dec_lo[k]·x̃[2o + 1 − k] (o &lt; ⌊(N + L − 1)/2⌋); for periodization
/// cA[o] = Σₖ dec_lo[k]·x̃[(L/2 + 2o − k) mod M] with M = N rounded up to even.
/// </summary>
internal static class DwtKernel
{
    /// <summary>Offset of the extended buffer: ext[t] = x̃[t − shift], so that cA[o] is a dot product with ext[2o … 2o + L − 1].</summary>
    public static int Shift(int filterLength, WaveletMode mode) =>
        mode == WaveletMode.Periodization ? (filterLength / 2) - 1 : filterLength - 2;

    /// <summary>Length of the extended buffer that <see cref="Analyze"/> reads for <paramref name="outputLength"/> outputs.</summary>
    public static int ExtendedLength(int outputLength, int filterLength) => (2 * (outputLength - 1)) + filterLength;

    /// <summary>ext[t] = x̃[t − shift] for every t of <paramref name="ext"/>, x̃ being x extended by <paramref name="mode"/>.</summary>
    public static void Extend(ReadOnlySpan<double> x, WaveletMode mode, int shift, Span<double> ext)
    {
        var n = x.Length;
        var lo = Math.Clamp(shift, 0, ext.Length);
        var hi = Math.Clamp(shift + n, lo, ext.Length);
        x.Slice(lo - shift, hi - lo).CopyTo(ext[lo..hi]);
        for (var t = 0; t < lo; t++)
        {
            ext[t] = Sample(x, t - shift, mode);
        }

        for (var t = hi; t < ext.Length; t++)
        {
            ext[t] = Sample(x, t - shift, mode);
        }
    }

    /// <summary>cA[o] = Σⱼ loRev[j]·ext[2o + j], cD likewise with hiRev (both filters reversed, of one length).</summary>
    public static void Analyze(ReadOnlySpan<double> ext, ReadOnlySpan<double> loRev, ReadOnlySpan<double> hiRev, Span<double> cA, Span<double> cD)
    {
        var f = loRev.Length;
        hiRev = hiRev[..f];
        for (var o = 0; o < cA.Length; o++)
        {
            var window = ext.Slice(2 * o, f);
            double a = 0, d = 0;
            for (var j = 0; j < window.Length; j++)
            {
                a += loRev[j] * window[j];
                d += hiRev[j] * window[j];
            }

            cA[o] = a;
            cD[o] = d;
        }
    }

    /// <summary>
    /// Inverse of the non-periodised analysis (PyWavelets' <c>upsampling_convolution_valid_sf</c>):
    /// out has 2n − L + 2 samples, out[2m + p] = Σⱼ recLo[2j + p]·cA[m + L/2 − 1 − j] + recHi[2j + p]·cD[…].
    /// </summary>
    public static void Synthesize(ReadOnlySpan<double> cA, ReadOnlySpan<double> cD, ReadOnlySpan<double> recLo, ReadOnlySpan<double> recHi, Span<double> output)
    {
        var half = recLo.Length / 2;
        var pairs = cA.Length - half + 1;
        for (var m = 0; m < pairs; m++)
        {
            double even = 0, odd = 0;
            for (var j = 0; j < half; j++)
            {
                var a = cA[m + half - 1 - j];
                var d = cD[m + half - 1 - j];
                even += (recLo[2 * j] * a) + (recHi[2 * j] * d);
                odd += (recLo[(2 * j) + 1] * a) + (recHi[(2 * j) + 1] * d);
            }

            output[2 * m] = even;
            output[(2 * m) + 1] = odd;
        }
    }

    /// <summary>Inverse of the periodization analysis: out (2n samples) gets cA[o]·recLo[k] + cD[o]·recHi[k] at (2o + k + 1 − L/2) mod 2n.</summary>
    public static void SynthesizePeriodization(ReadOnlySpan<double> cA, ReadOnlySpan<double> cD, ReadOnlySpan<double> recLo, ReadOnlySpan<double> recHi, Span<double> output)
    {
        var m = 2 * cA.Length;
        var f = recLo.Length;
        output[..m].Clear();
        for (var o = 0; o < cA.Length; o++)
        {
            var start = Mod((2 * o) + 1 - (f / 2), m);
            for (var k = 0; k < f; k++)
            {
                var t = start + k;
                while (t >= m)
                {
                    t -= m;
                }

                output[t] += (cA[o] * recLo[k]) + (cD[o] * recHi[k]);
            }
        }
    }

    /// <summary>x̃[i]: sample i of x extended by <paramref name="mode"/> (any integer i).</summary>
    private static double Sample(ReadOnlySpan<double> x, int i, WaveletMode mode)
    {
        var n = x.Length;
        if ((uint)i < (uint)n)
        {
            return x[i];
        }

        switch (mode)
        {
            case WaveletMode.Zero:
                return 0;
            case WaveletMode.Constant:
                return i < 0 ? x[0] : x[n - 1];
            case WaveletMode.Periodic:
                return x[Mod(i, n)];
            case WaveletMode.Periodization:
                {
                    var m = Mod(i, n + (n & 1));
                    return x[Math.Min(m, n - 1)];
                }

            case WaveletMode.Symmetric:
                {
                    var m = Mod(i, 2 * n);
                    return m < n ? x[m] : x[(2 * n) - 1 - m];
                }

            case WaveletMode.Antisymmetric:
                {
                    var m = Mod(i, 2 * n);
                    return m < n ? x[m] : -x[(2 * n) - 1 - m];
                }

            case WaveletMode.Smooth:
                if (n == 1)
                {
                    return x[0];
                }

                return i < 0 ? x[0] + (i * (x[1] - x[0])) : x[n - 1] + ((i - n + 1) * (x[n - 1] - x[n - 2]));
            case WaveletMode.Reflect:
                {
                    if (n == 1)
                    {
                        return x[0];
                    }

                    var m = Mod(i, (2 * n) - 2);
                    return m < n ? x[m] : x[(2 * n) - 2 - m];
                }

            case WaveletMode.AntiReflect:
                {
                    if (n == 1)
                    {
                        return x[0];
                    }

                    // Point reflections about both edges: period 2N − 2 plus a drift of 2(x_{N−1} − x₀) per period.
                    var period = (2 * n) - 2;
                    var q = Math.DivRem(i, period, out var m);
                    if (m < 0)
                    {
                        m += period;
                        q--;
                    }

                    var baseValue = m < n ? x[m] : (2 * x[n - 1]) - x[(2 * n) - 2 - m];
                    return baseValue + (q * 2 * (x[n - 1] - x[0]));
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown wavelet mode");
        }
    }

    private static int Mod(int i, int n)
    {
        var m = i % n;
        return m < 0 ? m + n : m;
    }
}
