using MedVision.Imaging;
using MedVision.Imaging.Io;

namespace MedVision.Data;

/// <summary>Every pixel of an image file in any format <see cref="ImageFile"/> reads.</summary>
public sealed record FilePixels(string Path) : PixelSource(Path)
{
    internal override object Open() => ImageFile.Read(Path);

    internal override Image Cut(object opened) => (Image)opened;
}
