using System.Buffers;

namespace MedVision.Imaging.Wavelets;

public static partial class WaveletTransform
{
    /// <summary>
    /// Single-level 2-D DWT over both axes (<c>pywt.dwt2(x, wavelet, mode)</c>): each band is
    /// DwtCoeffLength(H) × DwtCoeffLength(W).
    /// </summary>
    public static Dwt2Result Dwt2(Array2D x, Wavelet wavelet, WaveletMode mode = WaveletMode.Symmetric)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(wavelet);
        CheckShape(x, nameof(x));
        var nh = DwtCoeffLength(x.Height, wavelet.FilterLength, mode);
        var nw = DwtCoeffLength(x.Width, wavelet.FilterLength, mode);
        var bands = new Array2D[4];
        for (var i = 0; i < bands.Length; i++)
        {
            bands[i] = new Array2D(nh, nw);
        }

        var scratch = ArrayPool<double>.Shared.Rent(Dwt2ScratchLength(x.Height, x.Width, wavelet.FilterLength, mode));
        try
        {
            Dwt2Core(x.Data, x.Height, x.Width, wavelet, mode, bands[0].Data, bands[1].Data, bands[2].Data, bands[3].Data, scratch);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }

        return new Dwt2Result(bands[0], new WaveletDetails2D(bands[1], bands[2], bands[3]));
    }

    /// <summary>
    /// Single-level 2-D inverse DWT (<c>pywt.idwt2</c>): all four bands of one shape (h, w); the output is
    /// IdwtLength(h) × IdwtLength(w).
    /// </summary>
    public static Array2D Idwt2(Dwt2Result coeffs, Wavelet wavelet, WaveletMode mode = WaveletMode.Symmetric)
    {
        ArgumentNullException.ThrowIfNull(coeffs);
        ArgumentNullException.ThrowIfNull(wavelet);
        var (cA, d) = (coeffs.Approximation, coeffs.Details);
        foreach (var band in d.Bands())
        {
            if (band.Height != cA.Height || band.Width != cA.Width)
            {
                throw new ArgumentException(
                    $"all four bands must have one shape, got approximation {cA.Height}×{cA.Width} and a detail band {band.Height}×{band.Width}", nameof(coeffs));
            }
        }

        var f = wavelet.FilterLength;
        CheckBands(cA.Width, cA.Width, f, mode);
        CheckBands(cA.Height, cA.Height, f, mode);
        var (h, w) = (cA.Height, cA.Width);
        var outW = IdwtLength(w, f, mode);
        var outH = IdwtLength(h, f, mode);

        // Axis 1 first (PyWavelets' idwtn walks the axes backwards): 'a' = idwt(cA, cV), 'd' = idwt(cH, cD), stored transposed.
        var lowT = new double[outW * h];
        var highT = new double[outW * h];
        var row = new double[outW];
        for (var y = 0; y < h; y++)
        {
            IdwtCore(cA.Data.AsSpan(y * w, w), d.Vertical.Data.AsSpan(y * w, w), wavelet, mode, row);
            Scatter(row, lowT, y, h);
            IdwtCore(d.Horizontal.Data.AsSpan(y * w, w), d.Diagonal.Data.AsSpan(y * w, w), wavelet, mode, row);
            Scatter(row, highT, y, h);
        }

        var output = new Array2D(outH, outW);
        var column = new double[outH];
        for (var x = 0; x < outW; x++)
        {
            IdwtCore(lowT.AsSpan(x * h, h), highT.AsSpan(x * h, h), wavelet, mode, column);
            for (var y = 0; y < outH; y++)
            {
                output.Data[(y * outW) + x] = column[y];
            }
        }

        return output;
    }

    /// <summary>
    /// Multi-level 2-D DWT (<c>pywt.wavedec2</c>). <paramref name="level"/> defaults to
    /// DwtMaxLevel(min(H, W)); a larger level is allowed (PyWavelets only warns).
    /// </summary>
    public static WaveDec2Result WaveDec2(Array2D x, Wavelet wavelet, int? level = null, WaveletMode mode = WaveletMode.Symmetric)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(wavelet);
        CheckShape(x, nameof(x));
        var levels = CheckLevel(level, DwtMaxLevel(Math.Min(x.Height, x.Width), wavelet));
        var details = new WaveletDetails2D[levels];
        var a = x;
        for (var i = 0; i < levels; i++)
        {
            var step = Dwt2(a, wavelet, mode);
            details[levels - 1 - i] = step.Details;
            a = step.Approximation;
        }

        return new WaveDec2Result(a, details);
    }

    /// <summary>
    /// Multi-level 2-D reconstruction (<c>pywt.waverec2</c>); an approximation one row or column larger than the
    /// next level's details is trimmed, as PyWavelets does.
    /// </summary>
    public static Array2D WaveRec2(WaveDec2Result coeffs, Wavelet wavelet, WaveletMode mode = WaveletMode.Symmetric)
    {
        ArgumentNullException.ThrowIfNull(coeffs);
        ArgumentNullException.ThrowIfNull(wavelet);
        var a = coeffs.Approximation;
        foreach (var d in coeffs.Details)
        {
            var (h, w) = (d.Horizontal.Height, d.Horizontal.Width);
            if ((a.Height == h + 1 || a.Height == h) && (a.Width == w + 1 || a.Width == w) && (a.Height != h || a.Width != w))
            {
                a = Crop(a, h, w);
            }

            a = Idwt2(new Dwt2Result(a, d), wavelet, mode);
        }

        return a;
    }

    /// <summary>Scratch values <see cref="Dwt2Core"/> needs for an H × W input.</summary>
    internal static int Dwt2ScratchLength(int height, int width, int filterLength, WaveletMode mode)
    {
        var nh = DwtCoeffLength(height, filterLength, mode);
        var nw = DwtCoeffLength(width, filterLength, mode);
        var ext = Math.Max(DwtKernel.ExtendedLength(nh, filterLength), DwtKernel.ExtendedLength(nw, filterLength));
        return (2 * nw * height) + (2 * ext) + (2 * nh);
    }

    /// <summary>
    /// One 2-D level on spans: x (H × W, row-major) → cA, cH, cV, cD (each nh × nw, row-major). Rows are filtered
    /// first into transposed low/high buffers so that the column pass reads contiguous memory. Allocation-free.
    /// </summary>
    internal static void Dwt2Core(
        ReadOnlySpan<double> x, int height, int width, Wavelet wavelet, WaveletMode mode,
        Span<double> cA, Span<double> cH, Span<double> cV, Span<double> cD, Span<double> scratch)
    {
        var f = wavelet.FilterLength;
        var shift = DwtKernel.Shift(f, mode);
        var nh = DwtCoeffLength(height, f, mode);
        var nw = DwtCoeffLength(width, f, mode);
        var lowT = scratch[..(nw * height)];
        var highT = scratch.Slice(nw * height, nw * height);
        var rest = scratch[(2 * nw * height)..];
        var colA = rest[..nh];
        var colD = rest.Slice(nh, nh);
        var extLength = Math.Max(DwtKernel.ExtendedLength(nw, f), DwtKernel.ExtendedLength(nh, f));
        var ext = rest.Slice(2 * nh, extLength);
        var split = rest.Slice((2 * nh) + extLength, extLength);
        var rowExt = ext[..DwtKernel.ExtendedLength(nw, f)];
        var colExt = ext[..DwtKernel.ExtendedLength(nh, f)];
        Span<double> rowA = nw <= 512 ? stackalloc double[nw] : new double[nw];
        Span<double> rowD = nw <= 512 ? stackalloc double[nw] : new double[nw];
        var loRev = wavelet.DecLoReversed;
        var hiRev = wavelet.DecHiReversed;

        // x: (H, W) → lowT, highT: (nw, H)
        for (var y = 0; y < height; y++)
        {
            DwtKernel.Extend(x.Slice(y * width, width), mode, shift, rowExt);
            DwtKernel.Analyze(rowExt, loRev, hiRev, rowA, rowD, split);
            for (var j = 0; j < nw; j++)
            {
                lowT[(j * height) + y] = rowA[j];
                highT[(j * height) + y] = rowD[j];
            }
        }

        // columns: lowT → (cA, cH), highT → (cV, cD), each (nh, nw)
        for (var j = 0; j < nw; j++)
        {
            DwtKernel.Extend(lowT.Slice(j * height, height), mode, shift, colExt);
            DwtKernel.Analyze(colExt, loRev, hiRev, colA, colD, split);
            for (var o = 0; o < nh; o++)
            {
                cA[(o * nw) + j] = colA[o];
                cH[(o * nw) + j] = colD[o];
            }

            DwtKernel.Extend(highT.Slice(j * height, height), mode, shift, colExt);
            DwtKernel.Analyze(colExt, loRev, hiRev, colA, colD, split);
            for (var o = 0; o < nh; o++)
            {
                cV[(o * nw) + j] = colA[o];
                cD[(o * nw) + j] = colD[o];
            }
        }
    }

    private static void Scatter(ReadOnlySpan<double> row, double[] transposed, int y, int height)
    {
        for (var x = 0; x < row.Length; x++)
        {
            transposed[(x * height) + y] = row[x];
        }
    }

    private static Array2D Crop(Array2D a, int height, int width)
    {
        var result = new Array2D(height, width);
        for (var y = 0; y < height; y++)
        {
            a.Data.AsSpan(y * a.Width, width).CopyTo(result.Data.AsSpan(y * width, width));
        }

        return result;
    }

    private static void CheckShape(Array2D x, string name)
    {
        if (x.Height < 1 || x.Width < 1)
        {
            throw new ArgumentException($"{name} must be at least 1×1, got {x.Height}×{x.Width}", name);
        }
    }
}
