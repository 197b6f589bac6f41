using MedVision.Imaging;
using MedVision.Imaging.Io;

namespace MedVision.Data;

/// <summary>
/// The <paramref name="Size"/> × <paramref name="Size"/> axial patch of a volume at a world point (mm), as
/// <see cref="VolumePatches.Axial"/> cuts it, then windowed: values <paramref name="WindowMin"/> … <paramref name="WindowMax"/>
/// (Hounsfield units for CT) map linearly to 0 … 255 and are clipped; out-of-volume pixels count as WindowMin.
/// </summary>
public sealed record VolumePatchPixels(string Path, double X, double Y, double Z, int Size, double WindowMin, double WindowMax) : PixelSource(Path)
{
    internal override object Open() => ImageFile.ReadVolume(Path);

    internal override Image Cut(object opened)
    {
        var volume = (Volume)opened;
        var (_, _, slice) = VolumePatches.NearestIndex(volume, X, Y, Z);
        if (slice < 0 || slice >= volume.Depth)
        {
            throw new DatasetFormatException($"{Path}: the point ({X}, {Y}, {Z}) mm lies on slice {slice}, outside the volume's {volume.Depth} slices");
        }

        var patch = VolumePatches.Axial(volume, X, Y, Z, Size, Size, (float)WindowMin);
        var scale = 255.0 / (WindowMax - WindowMin);
        var data = patch.Data;
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)Math.Clamp((data[i] - WindowMin) * scale, 0, 255);
        }

        return patch;
    }
}
