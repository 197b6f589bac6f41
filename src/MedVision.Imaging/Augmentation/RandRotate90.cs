namespace MedVision.Imaging.Augmentation;

/// <summary>
/// Rotation by k·90° counter-clockwise with k uniform in {1, …, <see cref="MaxK"/>} (MONAI <c>RandRotate90</c>'s
/// <c>max_k</c>, default 3; its <c>prob</c> is <see cref="RandomApply"/>), as <see cref="Geometry.Rot90"/>
/// (<c>numpy.rot90</c>). Non-square images keep their shape only for k = 2, so they are turned by 180° or not at all.
/// </summary>
public sealed record RandRotate90(int MaxK = 3) : IAugmentation
{
    public Image Apply(Image image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        Draw.Within(MaxK, 1, 3, nameof(MaxK));

        var k = 1 + random.Next(MaxK);
        if (image.Height != image.Width && k != 2)
        {
            return image.Clone();
        }

        return Geometry.Rot90(image, k);
    }
}
