namespace MedVision.Imaging.Augmentation;

/// <summary>Left–right flip with probability <see cref="Horizontal"/> (default 0.5), then top–bottom with probability <see cref="Vertical"/> (default 0).</summary>
public sealed record RandomFlip(double Horizontal = 0.5, double Vertical = 0) : IAugmentation
{
    public Image Apply(Image image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        Draw.Probability(Horizontal, nameof(Horizontal));
        Draw.Probability(Vertical, nameof(Vertical));
        var result = Draw.Chance(random, Horizontal) ? Geometry.FlipHorizontal(image) : image.Clone();
        return Draw.Chance(random, Vertical) ? Geometry.FlipVertical(result) : result;
    }
}
