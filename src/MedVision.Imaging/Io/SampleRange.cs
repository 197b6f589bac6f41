namespace MedVision.Imaging.Io;

/// <summary>
/// How the integer writers (PNG, PNM) store float samples: rounded to the nearest integer (ties to even) and
/// required to lie in 0…255 for 8-bit or 0…65535 for 16-bit output; anything else is an
/// <see cref="ArgumentException"/> rather than a silent clamp.
/// </summary>
internal static class SampleRange
{
    /// <summary>8 when every sample rounds into 0…255, otherwise 16.</summary>
    public static int ChooseBitDepth(Image image)
    {
        foreach (var v in image.Data)
        {
            if (!(v >= -0.5f && v < 255.5f))
            {
                return 16;
            }
        }

        return 8;
    }

    /// <summary>Sample <paramref name="value"/> as an integer in 0…<paramref name="max"/>.</summary>
    public static int ToInteger(float value, int max)
    {
        var rounded = MathF.Round(value);
        if (!(rounded >= 0 && rounded <= max))
        {
            throw new ArgumentOutOfRangeException(
                nameof(value), value, $"image samples must lie in 0…{max} to be written with {(max > 255 ? 16 : 8)} bits; rescale first (e.g. medvision convert --scale)");
        }

        return (int)rounded;
    }
}
