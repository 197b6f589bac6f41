namespace MedVision.Imaging.Augmentation;

/// <summary>
/// Applies <see cref="Transform"/> with probability <see cref="P"/>, else returns a copy (torchvision
/// <c>transforms.RandomApply</c>, MONAI's <c>prob</c>). The chance is drawn first, once per image, even when P is 0 or 1.
/// </summary>
public sealed record RandomApply(IAugmentation Transform, double P) : IAugmentation
{
    public Image Apply(Image image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(Transform);
        Draw.Probability(P, nameof(P));
        return Draw.Chance(random, P) ? Transform.Apply(image, random) : image.Clone();
    }
}
