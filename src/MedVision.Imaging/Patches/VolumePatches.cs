namespace MedVision.Imaging;

/// <summary>
/// 2-D patches of a volume at world coordinates (the candidate patches of seeds/003, LUNA16). A world point (mm,
/// in the volume's physical space: LPS for ITK and MetaImage files) maps to the nearest voxel as SimpleITK's
/// <c>TransformPhysicalPointToIndex</c> does: solve Origin + Direction · (Spacing ⊙ index) = point, then round each
/// component half up (<c>floor(c + 0.5)</c>).
/// </summary>
public static class VolumePatches
{
    /// <summary>The voxel (x, y, z) nearest to the world point; it may lie outside the volume.</summary>
    public static (int X, int Y, int Z) NearestIndex(Volume volume, double x, double y, double z)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var (ix, iy, iz) = volume.WorldToIndex(x, y, z);
        return (RoundHalfUp(ix), RoundHalfUp(iy), RoundHalfUp(iz));
    }

    /// <summary>
    /// The <paramref name="height"/> × <paramref name="width"/> patch of the axial slice nearest to the world point
    /// (x, y, z), centred on its nearest voxel as <see cref="Geometry.CropAround"/> centres (rows cy − height/2 …):
    /// rows follow the y index axis and columns the x index axis, as in <c>sitk.GetArrayFromImage(img)[z]</c>.
    /// In-plane positions beyond the volume get <paramref name="fill"/> (for CT, −1000 HU is air). A point whose
    /// nearest slice lies outside the volume is an <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public static Image Axial(Volume volume, double x, double y, double z, int height, int width, float fill = 0)
    {
        ArgumentNullException.ThrowIfNull(volume);
        Guard.AtLeast(height, 1, nameof(height));
        Guard.AtLeast(width, 1, nameof(width));
        var (ix, iy, iz) = NearestIndex(volume, x, y, z);
        if (iz < 0 || iz >= volume.Depth)
        {
            throw new ArgumentOutOfRangeException(
                nameof(z), $"world point ({x:0.###}, {y:0.###}, {z:0.###}) mm lies on slice {iz}, outside the volume's {volume.Depth} slices");
        }

        var region = PatchRegion.Around(iy, ix, height, width);
        var patch = new Image(1, height, width);
        patch.Data.AsSpan().Fill(fill);
        var plane = volume.Height * volume.Width;
        var slice = volume.Data.AsSpan(iz * plane, plane);
        for (var r = 0; r < height; r++)
        {
            var sy = region.Top + r;
            if (sy < 0 || sy >= volume.Height)
            {
                continue;
            }

            var x0 = Math.Max(0, region.Left);
            var x1 = Math.Min(volume.Width, region.Left + width);
            if (x0 < x1)
            {
                slice.Slice((sy * volume.Width) + x0, x1 - x0).CopyTo(patch.Data.AsSpan((r * width) + x0 - region.Left, x1 - x0));
            }
        }

        return patch;
    }

    private static int RoundHalfUp(double v) =>
        double.IsFinite(v) && Math.Abs(v) < int.MaxValue / 2
            ? (int)Math.Floor(v + 0.5)
            : throw new ArgumentOutOfRangeException(nameof(v), $"continuous index {v} is not a usable voxel position");
}
