namespace MedVision.Imaging.Augmentation;

/// <summary>
/// The random transforms of Keras <c>ImageDataGenerator</c> under its parameter names (seeds/000 and 004):
/// per image, drawn in Keras' order — θ, row shift, column shift, shear, the two zooms, the flips, the
/// brightness — then applied as Keras' <c>apply_transform</c> does: one affine resampling (see
/// <see cref="RandomAffine"/>, which shares the draws), the flips, then the brightness, which like Keras
/// stretches the image to 0–255 and truncates it to 8 bits (<c>array_to_img</c>) before scaling by the factor
/// (PIL <c>ImageEnhance.Brightness</c>, clipped to 255); finally <see cref="Rescale"/> multiplies every value.
/// Defaults are Keras' (all off, fill_mode "nearest").
/// </summary>
public sealed record KerasImageDataGenerator : IAugmentation
{
    /// <summary>rotation_range: degrees.</summary>
    public double RotationRange { get; init; }

    /// <summary>width_shift_range: fraction of the width (&lt; 1) or pixels.</summary>
    public double WidthShiftRange { get; init; }

    /// <summary>height_shift_range: fraction of the height (&lt; 1) or pixels.</summary>
    public double HeightShiftRange { get; init; }

    /// <summary>shear_range: degrees.</summary>
    public double ShearRange { get; init; }

    /// <summary>zoom_range as a float z: zooms drawn from [1 − z, 1 + z].</summary>
    public double ZoomRange { get; init; }

    public bool HorizontalFlip { get; init; }

    public bool VerticalFlip { get; init; }

    /// <summary>brightness_range (low, high), or null for none.</summary>
    public (double Low, double High)? BrightnessRange { get; init; }

    public FillMode FillMode { get; init; } = FillMode.Nearest;

    public float Cval { get; init; }

    /// <summary>rescale: a factor applied last (Keras applies it in <c>standardize</c>); 1 leaves values as they are.</summary>
    public double Rescale { get; init; } = 1;

    public Image Apply(Image image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        Guard.NonNegative(ZoomRange, nameof(ZoomRange));
        var affine = new RandomAffine
        {
            RotationRange = RotationRange,
            WidthShiftRange = WidthShiftRange,
            HeightShiftRange = HeightShiftRange,
            ShearRange = ShearRange,
            ZoomLow = 1 - ZoomRange,
            ZoomHigh = 1 + ZoomRange,
            FillMode = FillMode,
            Cval = Cval,
        };
        var result = affine.Apply(image, random);
        var flipH = HorizontalFlip && Draw.Chance(random, 0.5);
        var flipV = VerticalFlip && Draw.Chance(random, 0.5);
        double? brightness = BrightnessRange is { } b ? Draw.Uniform(random, b.Low, b.High) : null;
        if (flipH)
        {
            result = Geometry.FlipHorizontal(result);
        }

        if (flipV)
        {
            result = Geometry.FlipVertical(result);
        }

        if (brightness is { } factor)
        {
            result = Brightness(result, factor);
        }

        if (Rescale != 1)
        {
            for (var i = 0; i < result.Data.Length; i++)
            {
                result.Data[i] = (float)(result.Data[i] * Rescale);
            }
        }

        return result;
    }

    private static Image Brightness(Image image, double factor)
    {
        var min = image.Data.Length > 0 ? image.Data.Min() : 0;
        var max = image.Data.Length > 0 ? image.Data.Max() - min : 0;
        var result = new Image(image.Channels, image.Height, image.Width);
        for (var i = 0; i < result.Data.Length; i++)
        {
            var v = image.Data[i] - min;
            var u8 = Math.Floor(max != 0 ? v / max * 255 : v);
            result.Data[i] = (float)Math.Clamp(Math.Round(u8 * factor), 0, 255);
        }

        return result;
    }
}
