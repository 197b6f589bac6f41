using System.Buffers;

namespace MedVision.Imaging.Wavelets;

/// <summary>
/// Discrete wavelet transforms with PyWavelets 1.1.1 semantics (<c>pywt.dwt</c>, <c>idwt</c>, <c>wavedec</c>,
/// <c>waverec</c>, <c>dwt2</c>, <c>idwt2</c>, <c>wavedec2</c>, <c>waverec2</c>, <c>dwt_max_level</c>,
/// <c>dwt_coeff_len</c>): same extension modes, output sizes (⌊(N + L − 1)/2⌋, or ⌈N/2⌉ for periodization),
/// coefficient order and trimming. Computed in float64; agrees with PyWavelets to ~1e-12 (tests/fixtures/imaging/wavelets).
/// The default mode is <see cref="WaveletMode.Symmetric"/>, as in PyWavelets.
/// </summary>
public static partial class WaveletTransform
{
    /// <summary>Coefficients per band for a signal of <paramref name="dataLength"/> samples (<c>pywt.dwt_coeff_len</c>).</summary>
    public static int DwtCoeffLength(int dataLength, int filterLength, WaveletMode mode = WaveletMode.Symmetric)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dataLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(filterLength, 1);
        return mode == WaveletMode.Periodization ? (dataLength + 1) / 2 : (dataLength + filterLength - 1) / 2;
    }

    /// <summary>
    /// The deepest useful level ⌊log₂(N / (L − 1))⌋, 0 when N &lt; L − 1 (<c>pywt.dwt_max_level</c>).
    /// </summary>
    public static int DwtMaxLevel(int dataLength, int filterLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dataLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(filterLength, 2);
        if (dataLength < filterLength - 1)
        {
            return 0;
        }

        return (int)Math.Floor(Math.Log2(dataLength / (double)(filterLength - 1)));
    }

    /// <inheritdoc cref="DwtMaxLevel(int, int)"/>
    public static int DwtMaxLevel(int dataLength, Wavelet wavelet)
    {
        ArgumentNullException.ThrowIfNull(wavelet);
        return DwtMaxLevel(dataLength, wavelet.FilterLength);
    }

    /// <summary>Length of the signal <c>idwt</c> rebuilds from bands of <paramref name="coeffLength"/>: 2n − L + 2, or 2n for periodization.</summary>
    public static int IdwtLength(int coeffLength, int filterLength, WaveletMode mode = WaveletMode.Symmetric) =>
        mode == WaveletMode.Periodization ? 2 * coeffLength : (2 * coeffLength) - filterLength + 2;

    /// <summary>Single-level 1-D DWT (<c>pywt.dwt(x, wavelet, mode)</c>): approximation and detail coefficients.</summary>
    public static (double[] Approximation, double[] Detail) Dwt(ReadOnlySpan<double> x, Wavelet wavelet, WaveletMode mode = WaveletMode.Symmetric)
    {
        ArgumentNullException.ThrowIfNull(wavelet);
        var n = DwtCoeffLength(CheckLength(x.Length, nameof(x)), wavelet.FilterLength, mode);
        var cA = new double[n];
        var cD = new double[n];
        Dwt(x, wavelet, mode, cA, cD);
        return (cA, cD);
    }

    /// <summary>
    /// Single-level 1-D DWT into <paramref name="cA"/> and <paramref name="cD"/>, each exactly
    /// <see cref="DwtCoeffLength"/> long.
    /// </summary>
    public static void Dwt(ReadOnlySpan<double> x, Wavelet wavelet, WaveletMode mode, Span<double> cA, Span<double> cD)
    {
        ArgumentNullException.ThrowIfNull(wavelet);
        var f = wavelet.FilterLength;
        var n = DwtCoeffLength(CheckLength(x.Length, nameof(x)), f, mode);
        CheckDestination(cA.Length, n, nameof(cA));
        CheckDestination(cD.Length, n, nameof(cD));
        var extLength = DwtKernel.ExtendedLength(n, f);
        var rented = ArrayPool<double>.Shared.Rent(2 * extLength);
        try
        {
            var ext = rented.AsSpan(0, extLength);
            DwtKernel.Extend(x, mode, DwtKernel.Shift(f, mode), ext);
            DwtKernel.Analyze(ext, wavelet.DecLoReversed, wavelet.DecHiReversed, cA, cD, rented.AsSpan(extLength, extLength));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Single-level 1-D inverse DWT (<c>pywt.idwt(cA, cD, wavelet, mode)</c>); both bands of one length n, output
    /// <see cref="IdwtLength"/> samples.
    /// </summary>
    public static double[] Idwt(ReadOnlySpan<double> cA, ReadOnlySpan<double> cD, Wavelet wavelet, WaveletMode mode = WaveletMode.Symmetric)
    {
        ArgumentNullException.ThrowIfNull(wavelet);
        CheckBands(cA.Length, cD.Length, wavelet.FilterLength, mode);
        var output = new double[IdwtLength(cA.Length, wavelet.FilterLength, mode)];
        IdwtCore(cA, cD, wavelet, mode, output);
        return output;
    }

    /// <summary>
    /// Multi-level 1-D DWT (<c>pywt.wavedec</c>): <c>[cA_n, cD_n, …, cD_1]</c>. <paramref name="level"/> defaults to
    /// <see cref="DwtMaxLevel(int, Wavelet)"/>; a larger level is allowed (PyWavelets only warns).
    /// </summary>
    public static double[][] WaveDec(ReadOnlySpan<double> x, Wavelet wavelet, int? level = null, WaveletMode mode = WaveletMode.Symmetric)
    {
        ArgumentNullException.ThrowIfNull(wavelet);
        var levels = CheckLevel(level, DwtMaxLevel(CheckLength(x.Length, nameof(x)), wavelet));
        var result = new double[levels + 1][];
        var a = x.ToArray();
        for (var i = 0; i < levels; i++)
        {
            var (cA, cD) = Dwt(a, wavelet, mode);
            result[levels - i] = cD;
            a = cA;
        }

        result[0] = a;
        return result;
    }

    /// <summary>
    /// Multi-level 1-D reconstruction (<c>pywt.waverec</c>) from <c>[cA_n, cD_n, …, cD_1]</c>; an approximation one
    /// sample longer than the next detail band is trimmed, as PyWavelets does.
    /// </summary>
    public static double[] WaveRec(IReadOnlyList<double[]> coeffs, Wavelet wavelet, WaveletMode mode = WaveletMode.Symmetric)
    {
        ArgumentNullException.ThrowIfNull(coeffs);
        ArgumentNullException.ThrowIfNull(wavelet);
        if (coeffs.Count == 0)
        {
            throw new ArgumentException("coeffs must hold at least the approximation, got an empty list", nameof(coeffs));
        }

        var a = coeffs[0];
        for (var i = 1; i < coeffs.Count; i++)
        {
            var d = coeffs[i];
            var aSpan = a.Length == d.Length + 1 ? a.AsSpan(0, d.Length) : a;
            a = Idwt(aSpan, d, wavelet, mode);
        }

        return a;
    }

    internal static void IdwtCore(ReadOnlySpan<double> cA, ReadOnlySpan<double> cD, Wavelet wavelet, WaveletMode mode, Span<double> output)
    {
        if (mode == WaveletMode.Periodization)
        {
            DwtKernel.SynthesizePeriodization(cA, cD, wavelet.RecLo, wavelet.RecHi, output);
        }
        else
        {
            DwtKernel.Synthesize(cA, cD, wavelet.RecLo, wavelet.RecHi, output);
        }
    }

    private static void CheckBands(int approximation, int detail, int filterLength, WaveletMode mode)
    {
        if (approximation != detail)
        {
            throw new ArgumentException($"approximation and detail bands must have one length, got {approximation} and {detail}");
        }

        var minimum = mode == WaveletMode.Periodization ? 1 : filterLength / 2;
        if (approximation < minimum)
        {
            throw new ArgumentException($"bands must hold at least {minimum} coefficients for a filter of length {filterLength}, got {approximation}");
        }
    }

    private static int CheckLength(int length, string name) =>
        length >= 1 ? length : throw new ArgumentException($"{name} must hold at least one sample, got {length}", name);

    private static void CheckDestination(int length, int expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"{name} must hold {expected} coefficients, got {length}", name);
        }
    }

    private static int CheckLevel(int? level, int maxLevel)
    {
        if (level is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "level must be ≥ 0");
        }

        return level ?? maxLevel;
    }
}
