using System.Security.Cryptography;
using MedVision.Evaluation;
using MedVision.Imaging;
using MedVision.Imaging.Features;

namespace MedVision.Data;

/// <summary>
/// The decoded pixels of a data set, one single-channel image per sample in the data set's order, held in memory
/// (the seeds' data sets are a few megabytes decoded). <see cref="ContentHash"/> identifies the pixels for the
/// reproducibility record: the same files give the same hash whatever their paths.
/// </summary>
public sealed class ImageStore
{
    private ImageStore(Dataset dataset, IReadOnlyList<Image> images)
    {
        Dataset = dataset;
        Images = images;
        ContentHash = Hash(images);
    }

    public Dataset Dataset { get; }

    /// <summary>Grey-level images (stored scale, e.g. 0–255), index-aligned with <c>Dataset.Samples</c>.</summary>
    public IReadOnlyList<Image> Images { get; }

    /// <summary>SHA-256 (hex) over every image's dimensions and pixel values, in sample order.</summary>
    public string ContentHash { get; }

    /// <summary>
    /// Reads every sample's pixels and converts them to grey levels. Samples are grouped by the container their
    /// <see cref="PixelSource"/> names; each container (image file, archive, volume) is opened once, in parallel
    /// across containers, and every sample it holds is cut from it.
    /// </summary>
    public static ImageStore Load(Dataset dataset)
    {
        var images = new Image[dataset.Samples.Count];
        var byContainer = dataset.Samples
            .Select((s, i) => (Source: s.Source ?? throw new InvalidOperationException($"sample {s.Id} has no pixel source"), Index: i))
            .GroupBy(x => (x.Source.GetType(), x.Source.Container))
            .ToList();
        DataParallel.For(byContainer.Count, g =>
        {
            var group = byContainer[g];
            var opened = group.First().Source.Open();
            foreach (var (source, index) in group)
            {
                images[index] = source.Cut(opened).ToGray();
            }
        });
        return new ImageStore(dataset, images);
    }

    /// <summary>Wraps images already in memory (generated data, tests).</summary>
    public static ImageStore FromImages(Dataset dataset, IReadOnlyList<Image> images)
    {
        if (images.Count != dataset.Samples.Count)
        {
            throw new ArgumentException($"{images.Count} images for {dataset.Samples.Count} samples", nameof(images));
        }

        return new ImageStore(dataset, [.. images.Select(i => i.ToGray())]);
    }

    /// <summary>
    /// The leakage audit's options for image stores: near-duplicates searched by Imaging's DCT perceptual hash of each
    /// image reduced to 32×32 (<see cref="PerceptualHash"/>), the other settings at their defaults.
    /// </summary>
    public static LeakageAuditOptions AuditOptions { get; } = new() { PerceptualKey = PerceptualKeyOf };

    /// <summary>
    /// The leakage audit of these images with their ids, groups, splits and labels; <paramref name="options"/>
    /// defaults to <see cref="AuditOptions"/> (exact and near-duplicates).
    /// </summary>
    public LeakageReport Audit(LeakageAuditOptions? options = null)
    {
        var samples = Dataset.Samples.Select((s, i) => new AuditSample(
            s.Id, s.Group, s.Split, s.Label, () => new AuditPixels(Images[i].Width, Images[i].Height, Images[i].Data))).ToList();
        return LeakageAudit.Run(samples, options ?? AuditOptions);
    }

    /// <summary>The DCT perceptual hash of planar audit pixels and their 32×32 reduction.</summary>
    public static PerceptualKey PerceptualKeyOf(AuditPixels pixels)
    {
        var reduced = PerceptualHash.Downsample(pixels.Channels, pixels.Height, pixels.Width, pixels.Data.Span);
        return new PerceptualKey(PerceptualHash.Compute(reduced), reduced);
    }

    /// <summary>A store whose images went through <paramref name="transform"/> (a preprocessing chain), in parallel.</summary>
    public ImageStore Map(Func<Image, Image> transform)
    {
        var mapped = new Image[Images.Count];
        Parallel.For(0, mapped.Length, i => mapped[i] = transform(Images[i]).ToGray());
        return new ImageStore(Dataset, mapped);
    }

    private static string Hash(IReadOnlyList<Image> images)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<int> dims = stackalloc int[3];
        foreach (var image in images)
        {
            dims[0] = image.Channels;
            dims[1] = image.Height;
            dims[2] = image.Width;
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(dims));
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(image.Data.AsSpan()));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
