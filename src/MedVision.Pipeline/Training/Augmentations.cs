using MedVision.Imaging;
using MedVision.Imaging.Augmentation;
using MedVision.Tensors;

namespace MedVision.Pipeline.Training;

/// <summary>On-the-fly augmentations of training samples, as the trainer applies them (one (C, H, W) sample in place).</summary>
public static class Augmentations
{
    /// <summary>
    /// The seeds/000 choice, with Keras <c>ImageDataGenerator</c> names: rotation_range 20, width/height_shift_range 0.1,
    /// shear_range 0.1, zoom_range 0.1, horizontal and vertical flips, brightness_range (0.9, 1.1), fill_mode nearest.
    /// Mammogram patches have no preferred orientation, so both flips are safe.
    /// </summary>
    public static KerasImageDataGenerator Seed000 { get; } = new()
    {
        RotationRange = 20,
        WidthShiftRange = 0.1,
        HeightShiftRange = 0.1,
        ShearRange = 0.1,
        ZoomRange = 0.1,
        HorizontalFlip = true,
        VerticalFlip = true,
        BrightnessRange = (0.9, 1.1),
        FillMode = FillMode.Nearest,
    };

    /// <summary><see cref="Seed000"/> as a trainer hook: (sample, height, width, generator).</summary>
    public static Action<Span<float>, int, int, Generator> KerasSeed000 { get; } = Hook(Seed000);

    /// <summary>Wraps an image augmentation as a trainer hook; its random draws come from the trainer's generator.</summary>
    public static Action<Span<float>, int, int, Generator> Hook(IAugmentation augmentation) => (sample, height, width, generator) =>
    {
        var channels = sample.Length / (height * width);
        var image = new Image(channels, height, width, sample.ToArray());
        var random = new Random((int)(generator.NextUInt64() & int.MaxValue));
        augmentation.Apply(image, random).Data.AsSpan().CopyTo(sample);
    };
}
