using System.Buffers;

namespace MedVision.Imaging.Features;

/// <summary>
/// Gabor filter-bank texture features (a seeds/002 baseline): for each frequency, then each orientation, the mean and
/// the population variance of the response magnitude √(re² + im²) of <c>skimage.filters.gabor</c> on the gray image
/// (float64). 2 · frequencies · orientations values.
/// </summary>
public sealed class GaborFeatures : IImageFeatureExtractor
{
    private readonly GaborKernel[] _kernels;

    public GaborFeatures()
        : this(new GaborFeatureOptions())
    {
    }

    public GaborFeatures(GaborFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Frequencies);
        if (options.Frequencies.Count == 0)
        {
            throw new ArgumentException("Frequencies must list at least one frequency", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.Orientations, 1, nameof(options));
        Options = options;
        _kernels = options.Frequencies
            .SelectMany(f => Enumerable.Range(0, options.Orientations).Select(k => GaborKernel.Create(f, k * Math.PI / options.Orientations, options.Bandwidth)))
            .ToArray();
    }

    public GaborFeatureOptions Options { get; }

    public string Name => "gabor";

    public int FeatureCount(int height, int width) => 2 * _kernels.Length;

    public void Extract(Image image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (destination.Length != 2 * _kernels.Length)
        {
            throw new ArgumentException($"destination must hold {2 * _kernels.Length} features, got {destination.Length}", nameof(destination));
        }

        var gray = image.ToGray().Plane(0);
        var n = gray.Length;
        var rented = ArrayPool<double>.Shared.Rent(3 * n);
        try
        {
            var pixels = rented.AsSpan(0, n);
            var re = rented.AsSpan(n, n);
            var im = rented.AsSpan(2 * n, n);
            for (var i = 0; i < n; i++)
            {
                pixels[i] = gray[i];
            }

            for (var k = 0; k < _kernels.Length; k++)
            {
                _kernels[k].Apply(pixels, image.Height, image.Width, re, im);
                double sum = 0;
                for (var i = 0; i < n; i++)
                {
                    re[i] = Math.Sqrt((re[i] * re[i]) + (im[i] * im[i]));
                    sum += re[i];
                }

                var mean = sum / n;
                double squares = 0;
                for (var i = 0; i < n; i++)
                {
                    squares += (re[i] - mean) * (re[i] - mean);
                }

                destination[2 * k] = (float)mean;
                destination[(2 * k) + 1] = (float)(squares / n);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }
}
