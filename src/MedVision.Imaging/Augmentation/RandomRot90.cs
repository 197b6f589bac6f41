namespace MedVision.Imaging.Augmentation;

/// <summary>Rotation by k·90° with k uniform in {0, 1, 2, 3} (the rotated copies of seeds/001), as <see cref="Geometry.Rot90"/>.</summary>
public sealed record RandomRot90 : IAugmentation
{
    public Image Apply(Image image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        return Geometry.Rot90(image, random.Next(4));
    }
}
