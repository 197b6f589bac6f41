namespace MedVision.Imaging;

/// <summary>
/// Full-reference image-quality measures: mean squared error, peak signal-to-noise ratio and structural
/// similarity, as scikit-image 0.19 <c>metrics.mean_squared_error</c>, <c>peak_signal_noise_ratio</c> and
/// <c>structural_similarity</c> (computed in double precision). seeds/001 compares its noise filters with
/// MSE and PSNR against the original at data range 255.
/// </summary>
public static class ImageQuality
{
    /// <summary>Mean of (reference − test)² over every pixel and channel.</summary>
    public static double Mse(Image reference, Image test)
    {
        Guard.SameShape(reference, test, nameof(reference), nameof(test));
        double sum = 0;
        for (var i = 0; i < reference.Data.Length; i++)
        {
            double d = reference.Data[i] - test.Data[i];
            sum += d * d;
        }

        return sum / reference.Data.Length;
    }

    /// <summary>10·log₁₀(dataRange² / MSE) in dB; +∞ for identical images.</summary>
    public static double Psnr(Image reference, Image test, double dataRange)
    {
        Guard.Positive(dataRange, nameof(dataRange));
        var mse = Mse(reference, test);
        return 10 * Math.Log10(dataRange * dataRange / mse);
    }

    /// <summary>Mean SSIM with scikit-image's defaults (7×7 uniform window) for data of the given range.</summary>
    public static double Ssim(Image reference, Image test, double dataRange) =>
        Ssim(reference, test, new SsimOptions { DataRange = dataRange }).Mean;

    /// <summary>
    /// SSIM map S = ((2μxμy + C1)(2σxy + C2)) / ((μx² + μy² + C1)(σx² + σy² + C2)), C1 = (K1·R)², C2 = (K2·R)²,
    /// with local statistics from a uniform window (scipy <c>reflect</c> border) or a Gaussian window
    /// (<c>reflect</c>); the mean is taken over the map without a border of (win − 1)/2 pixels, then over channels.
    /// </summary>
    public static SsimResult Ssim(Image reference, Image test, SsimOptions options)
    {
        Guard.SameShape(reference, test, nameof(reference), nameof(test));
        ArgumentNullException.ThrowIfNull(options);
        Guard.Positive(options.DataRange, nameof(options.DataRange));
        double[] window;
        int winSize;
        if (options.GaussianWeights)
        {
            Guard.Positive(options.Sigma, nameof(options.Sigma));
            window = GaussianFilter.Kernel(options.Sigma, 3.5);
            winSize = window.Length;
        }
        else
        {
            Guard.Odd(options.WinSize, nameof(options.WinSize));
            winSize = options.WinSize;
            window = new double[winSize];
            Array.Fill(window, 1.0 / winSize);
        }

        if (reference.Height < winSize || reference.Width < winSize)
        {
            throw new ArgumentException(
                $"images must be at least {winSize}×{winSize} for the SSIM window, got {reference.Height}×{reference.Width}", nameof(reference));
        }

        var h = reference.Height;
        var w = reference.Width;
        var n = h * w;
        var np = (double)winSize * winSize;
        var covNorm = options.UseSampleCovariance ? np / (np - 1) : 1.0;
        var c1 = Math.Pow(options.K1 * options.DataRange, 2);
        var c2 = Math.Pow(options.K2 * options.DataRange, 2);
        var pad = (winSize - 1) / 2;
        var map = new Image(reference.Channels, h, w);
        var x = new double[n];
        var y = new double[n];
        var products = new double[n];
        var ux = new double[n];
        var uy = new double[n];
        var uxx = new double[n];
        var uyy = new double[n];
        var uxy = new double[n];
        double total = 0;
        for (var c = 0; c < reference.Channels; c++)
        {
            var a = reference.Plane(c);
            var b = test.Plane(c);
            for (var i = 0; i < n; i++)
            {
                x[i] = a[i];
                y[i] = b[i];
            }

            Filter(x, ux);
            Filter(y, uy);
            Filter(Multiply(x, x), uxx);
            Filter(Multiply(y, y), uyy);
            Filter(Multiply(x, y), uxy);
            var s = map.Plane(c);
            double sum = 0;
            for (var i = 0; i < n; i++)
            {
                var vx = covNorm * (uxx[i] - (ux[i] * ux[i]));
                var vy = covNorm * (uyy[i] - (uy[i] * uy[i]));
                var vxy = covNorm * (uxy[i] - (ux[i] * uy[i]));
                var a1 = (2 * ux[i] * uy[i]) + c1;
                var a2 = (2 * vxy) + c2;
                var b1 = (ux[i] * ux[i]) + (uy[i] * uy[i]) + c1;
                var b2 = vx + vy + c2;
                var value = a1 * a2 / (b1 * b2);
                s[i] = (float)value;
                var row = i / w;
                var col = i % w;
                if (row >= pad && row < h - pad && col >= pad && col < w - pad)
                {
                    sum += value;
                }
            }

            total += sum / ((h - (2 * pad)) * (w - (2 * pad)));
        }

        return new SsimResult(total / reference.Channels, map);

        void Filter(double[] source, double[] destination) =>
            Separable.Correlate(source, destination, h, w, window, window, BorderMode.Reflect, 0, roundBetweenPasses: false);

        double[] Multiply(double[] p, double[] q)
        {
            for (var i = 0; i < n; i++)
            {
                products[i] = p[i] * q[i];
            }

            return products;
        }
    }
}
