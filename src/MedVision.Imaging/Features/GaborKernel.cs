using System.Numerics;

namespace MedVision.Imaging.Features;

/// <summary>
/// A complex Gabor kernel as scikit-image's <c>skimage.filters.gabor_kernel</c>: a Gaussian envelope
/// (σx, σy, rotated by θ) times a complex sinusoid exp(i(2πf·x' + offset)), normalised by 1/(2π σx σy).
/// Shape (2·y0 + 1) × (2·x0 + 1) with x0 = ⌈max(|n σx cos θ|, |n σy sin θ|, 1)⌉ and
/// y0 = ⌈max(|n σy cos θ|, |n σx sin θ|, 1)⌉; element (i, j) is at y = i − y0, x = j − x0.
/// </summary>
public sealed class GaborKernel
{
    private GaborKernel(int height, int width, double[] real, double[] imaginary)
    {
        Height = height;
        Width = width;
        Real = real;
        Imaginary = imaginary;
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Real part, row-major.</summary>
    public double[] Real { get; }

    /// <summary>Imaginary part, row-major.</summary>
    public double[] Imaginary { get; }

    /// <summary>
    /// The kernel for spatial <paramref name="frequency"/> (cycles per pixel, &gt; 0) and orientation
    /// <paramref name="theta"/> (radians). σx and σy default to the value that gives <paramref name="bandwidth"/>
    /// octaves: (1/π)·√(ln 2 / 2)·(2^b + 1)/(2^b − 1) / f. Defaults as scikit-image: θ = 0, b = 1, n_stds = 3, offset = 0.
    /// </summary>
    public static GaborKernel Create(
        double frequency, double theta = 0, double bandwidth = 1, double? sigmaX = null, double? sigmaY = null, double nStds = 3, double offset = 0)
    {
        if (!(frequency > 0) || double.IsInfinity(frequency))
        {
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "frequency must be a positive number of cycles per pixel");
        }

        if (!(bandwidth > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(bandwidth), bandwidth, "bandwidth must be > 0 octaves");
        }

        var prefactor = 1 / Math.PI * Math.Sqrt(Math.Log(2) / 2) * (Math.Pow(2, bandwidth) + 1) / (Math.Pow(2, bandwidth) - 1);
        var sx = sigmaX ?? prefactor / frequency;
        var sy = sigmaY ?? prefactor / frequency;
        if (!(sx > 0) || !(sy > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaX), $"sigmas must be > 0, got {sx} and {sy}");
        }

        var ct = Math.Cos(theta);
        var st = Math.Sin(theta);
        var x0 = (int)Math.Ceiling(Math.Max(Math.Max(Math.Abs(nStds * sx * ct), Math.Abs(nStds * sy * st)), 1));
        var y0 = (int)Math.Ceiling(Math.Max(Math.Max(Math.Abs(nStds * sy * ct), Math.Abs(nStds * sx * st)), 1));
        var (h, w) = ((2 * y0) + 1, (2 * x0) + 1);
        var real = new double[h * w];
        var imaginary = new double[h * w];
        var scale = 1 / (2 * Math.PI * sx * sy);
        for (var i = 0; i < h; i++)
        {
            var y = i - y0;
            for (var j = 0; j < w; j++)
            {
                var x = j - x0;
                var rotx = (x * ct) + (y * st);
                var roty = (-x * st) + (y * ct);
                var envelope = Math.Exp(-0.5 * ((rotx * rotx / (sx * sx)) + (roty * roty / (sy * sy))));
                var phase = (2 * Math.PI * frequency * rotx) + offset;
                real[(i * w) + j] = envelope * Math.Cos(phase) * scale;
                imaginary[(i * w) + j] = envelope * Math.Sin(phase) * scale;
            }
        }

        return new GaborKernel(h, w, real, imaginary);
    }

    /// <summary>
    /// Filters an H × W image with both parts of this kernel (<c>skimage.filters.gabor</c>: <c>ndi.convolve</c> with
    /// mode <c>reflect</c>, i.e. half-sample mirror … b a | a b …). Allocation-free apart from one pooled padded copy.
    /// </summary>
    public void Apply(ReadOnlySpan<double> image, int height, int width, Span<double> real, Span<double> imaginary)
    {
        if (image.Length != height * width || real.Length != image.Length || imaginary.Length != image.Length)
        {
            throw new ArgumentException($"image, real and imaginary must each hold {height}×{width} values, got {image.Length}, {real.Length} and {imaginary.Length}");
        }

        var (cy, cx) = (Height / 2, Width / 2);
        var (ph, pw) = (height + (2 * cy), width + (2 * cx));
        var padded = System.Buffers.ArrayPool<double>.Shared.Rent(ph * pw);
        try
        {
            // padded[py, px] = image[mirror(py − cy), mirror(px − cx)] (period-2N half-sample mirror, as scipy's 'reflect').
            for (var py = 0; py < ph; py++)
            {
                var sy = Mirror(py - cy, height);
                for (var px = 0; px < pw; px++)
                {
                    padded[(py * pw) + px] = image[(sy * width) + Mirror(px - cx, width)];
                }
            }

            real.Clear();
            imaginary.Clear();

            // Convolution = correlation with the flipped kernel: out[y, x] = Σ k[H−1−i, W−1−j]·padded[y + i, x + j].
            for (var y = 0; y < height; y++)
            {
                var outRe = real.Slice(y * width, width);
                var outIm = imaginary.Slice(y * width, width);
                for (var i = 0; i < Height; i++)
                {
                    var row = padded.AsSpan(((y + i) * pw), pw);
                    var k = (Height - 1 - i) * Width;
                    for (var j = 0; j < Width; j++)
                    {
                        MultiplyAdd(row.Slice(j, width), Real[k + Width - 1 - j], Imaginary[k + Width - 1 - j], outRe, outIm);
                    }
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(padded);
        }
    }

    // re[x] += kr·src[x]; im[x] += ki·src[x], Vector<double>-wide (same result as the scalar loop: no fused multiply-add).
    private static void MultiplyAdd(ReadOnlySpan<double> src, double kr, double ki, Span<double> re, Span<double> im)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<double>.Count;
            for (; x <= src.Length - width; x += width)
            {
                var v = new Vector<double>(src.Slice(x, width));
                (new Vector<double>(re.Slice(x, width)) + (v * kr)).CopyTo(re.Slice(x, width));
                (new Vector<double>(im.Slice(x, width)) + (v * ki)).CopyTo(im.Slice(x, width));
            }
        }

        for (; x < src.Length; x++)
        {
            re[x] += kr * src[x];
            im[x] += ki * src[x];
        }
    }

    private static int Mirror(int i, int n)
    {
        var m = i % (2 * n);
        if (m < 0)
        {
            m += 2 * n;
        }

        return m < n ? m : (2 * n) - 1 - m;
    }
}
