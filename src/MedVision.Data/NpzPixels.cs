using MedVision.Imaging;
using MedVision.Imaging.Io;

namespace MedVision.Data;

/// <summary>Image <paramref name="Index"/> of the <c>&lt;split&gt;_images</c> array of an <c>.npz</c> archive, shaped (N, H, W) or (N, H, W, C).</summary>
public sealed record NpzPixels(string Archive, string Split, int Index) : PixelSource(Archive)
{
    internal override object Open() => NpzReader.Read(Archive);

    internal override Image Cut(object opened)
    {
        var arrays = (IReadOnlyDictionary<string, NpyArray>)opened;
        var name = $"{Split}_images";
        if (!arrays.TryGetValue(name, out var images))
        {
            throw new DatasetFormatException($"{Archive}: no array '{name}'");
        }

        return NpzDataset.ImageAt(images, Index, Archive, name);
    }
}
