using MedVision.Imaging;
using MedVision.Imaging.Io;

namespace MedVision.Data;

/// <summary>A rectangle of an image file (the ROIs of a mammogram); the part beyond the image is zero.</summary>
public sealed record RegionPixels(string Path, PatchRegion Region) : PixelSource(Path)
{
    internal override object Open() => ImageFile.Read(Path).ToGray();

    internal override Image Cut(object opened) => Region.Extract((Image)opened);
}
