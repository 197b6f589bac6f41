using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    /// <summary>
    /// cA[o] = Σⱼ loRev[j]·ext[2o + j], cD likewise with hiRev (both filters reversed, of one length L).
    /// <paramref name="scratch"/> (≥ ext.Length) receives ext split into even and odd samples, so that each tap is a
    /// contiguous multiply-add over all outputs and runs <see cref="Vector{T}"/>-wide; the sum order over taps is
    /// j = 0…L−1 for every output, vector or scalar, so results do not depend on the SIMD width.
    /// </summary>
    public static void Analyze(ReadOnlySpan<double> ext, ReadOnlySpan<double> loRev, ReadOnlySpan<double> hiRev, Span<double> cA, Span<double> cD, Span<double> scratch)
    {
        var n = cA.Length;
        var f = loRev.Length;
        var phase = (ext.Length + 1) / 2;
        var even = scratch[..phase];
        var odd = scratch.Slice(phase, ext.Length / 2);
        for (var t = 0; t < odd.Length; t++)
        {
            even[t] = ext[2 * t];
            odd[t] = ext[(2 * t) + 1];
        }

        if (even.Length > odd.Length)
        {
            even[^1] = ext[^1];
        }

        if (cD.Length < n || hiRev.Length < f || odd.Length < n + (f / 2) - 1)
        {
            throw new ArgumentException("analysis spans are shorter than the output needs");
        }

        // Bounds are checked above once; the loops below read even/odd[(j / 2) + o … + width − 1] < n + L/2 − 1.
        ref var e = ref MemoryMarshal.GetReference(even);
        ref var od = ref MemoryMarshal.GetReference(odd);
        ref var lo = ref MemoryMarshal.GetReference(loRev);
        ref var hi = ref MemoryMarshal.GetReference(hiRev);
        var width = Vector<double>.Count;
        var o = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; o <= n - width; o += width)
            {
                var a = Vector<double>.Zero;
                var d = Vector<double>.Zero;
                for (var j = 0; j < f; j += 2)
                {
                    var index = (nuint)((j >> 1) + o);
                    var xe = Vector.LoadUnsafe(ref e, index);
                    a += xe * Unsafe.Add(ref lo, j);
                    d += xe * Unsafe.Add(ref hi, j);
                    var xo = Vector.LoadUnsafe(ref od, index);
                    a += xo * Unsafe.Add(ref lo, j + 1);
                    d += xo * Unsafe.Add(ref hi, j + 1);
                }

                a.CopyTo(cA.Slice(o, width));
                d.CopyTo(cD.Slice(o, width));
            }
        }

        for (; o < n; o++)
        {
            double a = 0, d = 0;
            for (var j = 0; j < f; j += 2)
            {
                var index = (j >> 1) + o;
                var xe = Unsafe.Add(ref e, index);
                a += Unsafe.Add(ref lo, j) * xe;
                d += Unsafe.Add(ref hi, j) * xe;
                var xo = Unsafe.Add(ref od, index);
                a += Unsafe.Add(ref lo, j + 1) * xo;
                d += Unsafe.Add(ref hi, j + 1) * xo;
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

        // Fast paths for the first repetition on each side (every case of the usual short filters): no division.
        switch (mode)
        {
            case WaveletMode.Symmetric when i >= -n && i < 2 * n:
                return i < 0 ? x[-1 - i] : x[(2 * n) - 1 - i];
            case WaveletMode.Antisymmetric when i >= -n && i < 2 * n:
                return i < 0 ? -x[-1 - i] : -x[(2 * n) - 1 - i];
            case WaveletMode.Periodic when i >= -n && i < 2 * n:
                return i < 0 ? x[i + n] : x[i - n];
            case WaveletMode.Reflect when n > 1 && i > -n && i < (2 * n) - 1:
                return i < 0 ? x[-i] : x[(2 * n) - 2 - i];
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
