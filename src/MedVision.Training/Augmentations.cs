using MedVision.Imaging;
using MedVision.Imaging.Augmentation;
using MedVision.Tensors;

namespace MedVision.Training;

/// <summary>On-the-fly augmentations of training samples, as the trainer applies them (one (C, H, W) sample in place).</summary>
public static class Augmentations
{
    /// <summary>
    /// The seeds/000 choice, with Keras <c>ImageDataGenerator</c> names: rotation_range 20, width/height_shift_range 0.1,
    /// shear_range 0.1, zoom_range 0.1, horizontal and vertical flips, brightness_range (0.9, 1.1), fill_mode nearest.
    /// Mammogram patches have no preferred orientation, so both flips are safe. Keras' brightness step returns the image
    /// stretched to 0–255 (<c>array_to_img</c>), which the seed's <c>rescale=1./255</c> brings back to 0–1; the trainer's
    /// samples are already in 0–1, so <c>Rescale</c> 1/255 keeps them there.
    /// </summary>
    public static KerasImageDataGenerator Seed000 { get; } = new()
    {
        Rescale = 1.0 / 255,
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

    /// <summary>
    /// One of the eight symmetries of the square (rotation by k·90°, then an optional left-right flip), uniform, applied to
    /// a (C, H, W) sample in place; non-square samples get only the flips (up-down, left-right, both or neither). Exact:
    /// no interpolation, no fill. For patches without a preferred orientation, such as mammogram regions.
    /// </summary>
    public static Action<Span<float>, int, int, Generator> Dihedral { get; } = (sample, height, width, generator) =>
    {
        var k = (int)(generator.NextUInt64() % 8);
        Nn.Patches.Dihedral.Apply(sample, height, width, k);
    };

    /// <summary>Presets by the name <c>augment_preset</c> takes: <c>keras</c> (<see cref="Seed000"/>, the default) and <c>dihedral</c>.</summary>
    public static IReadOnlyDictionary<string, Action<Span<float>, int, int, Generator>> Presets { get; } =
        new Dictionary<string, Action<Span<float>, int, int, Generator>>(StringComparer.Ordinal)
        {
            ["keras"] = KerasSeed000,
            ["dihedral"] = Dihedral,
        };

    /// <summary>Wraps an image augmentation as a trainer hook; its random draws come from the trainer's generator.</summary>
    public static Action<Span<float>, int, int, Generator> Hook(IAugmentation augmentation) => (sample, height, width, generator) =>
    {
        var channels = sample.Length / (height * width);
        var image = new Image(channels, height, width, sample.ToArray());
        var random = new Random((int)(generator.NextUInt64() & int.MaxValue));
        augmentation.Apply(image, random).Data.AsSpan().CopyTo(sample);
    };
}
