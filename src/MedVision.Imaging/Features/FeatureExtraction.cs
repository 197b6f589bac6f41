namespace MedVision.Imaging.Features;

/// <summary>Runs an <see cref="IImageFeatureExtractor"/> over many images in parallel, one row per image, in input order.</summary>
public static class FeatureExtraction
{
    /// <summary>
    /// Extracts the features of every image into a <see cref="ImageFeatureMatrix"/> (row i = images[i]).
    /// Every image must give the same feature count (for size-dependent extractors such as wavelets: one size).
    /// <paramref name="maxDegreeOfParallelism"/> ≤ 0 uses every core. The result does not depend on the thread count.
    /// </summary>
    public static ImageFeatureMatrix ExtractBatch(IImageFeatureExtractor extractor, IReadOnlyList<Image> images, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            return new ImageFeatureMatrix(0, 0, []);
        }

        var columns = extractor.FeatureCount(images[0].Height, images[0].Width);
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i] ?? throw new ArgumentException($"images[{i}] is null", nameof(images));
            var count = extractor.FeatureCount(image.Height, image.Width);
            if (count != columns)
            {
                throw new ArgumentException(
                    $"images[{i}] is {image.Height}×{image.Width} and gives {count} {extractor.Name} features, but images[0] " +
                    $"({images[0].Height}×{images[0].Width}) gives {columns}; resize the images to one size first", nameof(images));
            }
        }

        var data = new float[checked(images.Count * columns)];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount };
        Parallel.For(0, images.Count, options, i => extractor.Extract(images[i], data.AsSpan(i * columns, columns)));
        return new ImageFeatureMatrix(images.Count, columns, data);
    }
}
