namespace MedVision.Imaging.Augmentation;

/// <summary>Adds independent N(Mean, Std²) noise to every pixel of every channel (Box–Muller draws).</summary>
public sealed record GaussianNoise(double Std, double Mean = 0) : IAugmentation
{
    public Image Apply(Image image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        Guard.NonNegative(Std, nameof(Std));
        var result = new Image(image.Channels, image.Height, image.Width);
        for (var i = 0; i < result.Data.Length; i++)
        {
            result.Data[i] = (float)(image.Data[i] + Mean + (Std * Draw.Normal(random)));
        }

        return result;
    }
}
