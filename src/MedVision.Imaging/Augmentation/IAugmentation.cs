namespace MedVision.Imaging.Augmentation;

/// <summary>
/// A random image transform. Every random choice comes from the <see cref="Random"/> passed in, so a
/// <c>new Random(seed)</c> gives the same output bytes on every run. Implementations are immutable records
/// (their configuration) and never modify the input image.
/// </summary>
public interface IAugmentation
{
    /// <summary>A transformed copy of <paramref name="image"/>.</summary>
    Image Apply(Image image, Random random);
}
