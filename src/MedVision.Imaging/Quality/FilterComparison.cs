namespace MedVision.Imaging;

/// <summary>
/// seeds/001 Table 4: how far the adaptive median, median and mean filters move an image from the original,
/// by MSE and PSNR (each filtered image against its own original), over a set of images. The filter with the
/// highest PSNR (lowest MSE) disturbs the image least; seeds/001 picks it for denoising.
/// </summary>
public static class FilterComparison
{
    /// <summary>Scores of adaptive median, median and mean (in that order) over <paramref name="images"/>.</summary>
    public static IReadOnlyList<FilterScore> Compare(IEnumerable<Image> images, FilterComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        options ??= new FilterComparisonOptions();
        Guard.Positive(options.DataRange, nameof(options.DataRange));
        var filters = new (string Name, string Settings, Func<Image, Image> Apply)[]
        {
            ("adaptive_median", $"windows 3…{options.AdaptiveMaxSize}", i => AdaptiveMedianFilter.Apply(i, options.AdaptiveMaxSize)),
            ("median", $"{options.MedianSize}×{options.MedianSize}", i => MedianFilter.Apply(i, options.MedianSize)),
            ("mean", $"{options.MeanSize}×{options.MeanSize}", i => MeanFilter.Apply(i, options.MeanSize)),
        };
        var sums = new double[filters.Length];
        var count = 0;
        foreach (var image in images)
        {
            ArgumentNullException.ThrowIfNull(image);
            for (var f = 0; f < filters.Length; f++)
            {
                sums[f] += ImageQuality.Mse(image, filters[f].Apply(image));
            }

            count++;
        }

        if (count == 0)
        {
            throw new ArgumentException("images must hold at least one image", nameof(images));
        }

        return filters.Select((f, i) =>
        {
            var mse = sums[i] / count;
            return new FilterScore(f.Name, f.Settings, 10 * Math.Log10(options.DataRange * options.DataRange / mse), mse, count);
        }).ToList();
    }
}
