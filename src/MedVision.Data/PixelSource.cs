using MedVision.Imaging;

namespace MedVision.Data;

/// <summary>
/// Where a sample's pixels come from: a whole image file, one image of an <c>.npz</c> archive, a region of a larger
/// image, or a patch of a volume. <see cref="ImageStore.Load"/> opens each <see cref="Container"/> once (per kind of
/// source) and cuts every sample that names it, so a mammogram or a CT volume is decoded once for all its ROIs.
/// </summary>
/// <param name="Container">The file that must be read to produce the pixels.</param>
public abstract record PixelSource(string Container)
{
    /// <summary>A plain image file, so that <c>new Sample(id, group, label, split, path)</c> reads as before.</summary>
    public static implicit operator PixelSource(string path) => new FilePixels(path);

    /// <summary>Reads <see cref="Container"/> (an image, an archive, a volume).</summary>
    internal abstract object Open();

    /// <summary>This sample's pixels, from what <see cref="Open"/> returned for its container.</summary>
    internal abstract Image Cut(object opened);
}
