using System.Globalization;
using MedVision.Imaging.Augmentation;
using MedVision.Tensors;

namespace MedVision.Training;

/// <summary>
/// Builds the trainer's augmentation from an <c>augment:</c> list (MONAI / fastai style): each transform in order, with
/// probability <c>p</c>, every random choice drawn from the trainer's augmentation generator, so a seed reproduces the
/// samples. Transforms and their parameters (torchvision / MONAI names):
/// <list type="bullet">
/// <item><c>flip</c>: <c>axis</c> horizontal (default) | vertical | both; <c>p</c> default 0.5 (torchvision <c>RandomHorizontalFlip</c>).</item>
/// <item><c>rot90</c>: k·90° with k uniform in 1…<c>max_k</c> (default 3), MONAI <c>RandRotate90</c>.</item>
/// <item><c>affine</c>: <c>rotate</c> (°), <c>translate</c> (fraction of the size), <c>scale</c> ([low, high], or x for
/// [1 − x, 1 + x]), <c>shear</c> (°), <c>padding_mode</c> zeros | border | reflection (default), <c>mode</c> bilinear
/// (default) | nearest — torchvision <c>RandomAffine</c>'s geometry, <see cref="RandAffine"/>.</item>
/// <item><c>intensity</c>: <c>brightness</c> b (× U(1 − b, 1 + b)), <c>contrast</c> c (about the mean, × U(1 − c, 1 + c)),
/// <c>gamma</c> [low, high] on the image's own range (MONAI <c>RandAdjustContrast</c>).</item>
/// <item><c>noise</c>: <c>std</c>, <c>mean</c> (default 0), MONAI <c>RandGaussianNoise</c> with a fixed std.</item>
/// <item><c>elastic</c>: <c>alpha</c>, <c>sigma</c> (pixels), <c>padding_mode</c> — torchvision <c>ElasticTransform</c>'s
/// parameters, <see cref="ElasticDeformation"/>.</item>
/// <item><c>keras</c>: Keras <c>ImageDataGenerator</c> (<c>rotation_range</c>, <c>width_shift_range</c>,
/// <c>height_shift_range</c>, <c>shear_range</c>, <c>zoom_range</c>, <c>horizontal_flip</c>, <c>vertical_flip</c>,
/// <c>brightness_range</c>, <c>fill_mode</c>, <c>cval</c>).</item>
/// <item><c>dihedral</c>: one of the eight flips and quarter turns, uniform (no parameters, no <c>p</c>).</item>
/// </list>
/// <c>p</c> defaults to 1 except for <c>flip</c>. The named lists <see cref="Named"/> are the presets.
/// </summary>
public static class AugmentationList
{
    private static readonly IReadOnlyDictionary<string, string[]> Accepted = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["flip"] = ["axis", "p"],
        ["rot90"] = ["max_k", "p"],
        ["affine"] = ["rotate", "translate", "scale", "shear", "padding_mode", "mode", "p"],
        ["intensity"] = ["brightness", "contrast", "gamma", "p"],
        ["noise"] = ["std", "mean", "p"],
        ["elastic"] = ["alpha", "sigma", "padding_mode", "p"],
        ["keras"] = ["rotation_range", "width_shift_range", "height_shift_range", "shear_range", "zoom_range", "horizontal_flip", "vertical_flip", "brightness_range", "fill_mode", "cval", "p"],
        ["dihedral"] = [],
    };

    /// <summary>The transforms a list accepts, in documentation order.</summary>
    public static IReadOnlyList<string> Transforms { get; } = [.. Accepted.Keys];

    /// <summary>
    /// The presets as named lists: <c>keras</c> (seeds/000's <see cref="Augmentations.Seed000"/>) and <c>dihedral</c>
    /// (<see cref="Augmentations.Dihedral"/>); their hooks give the same samples as those for the same generator.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<AugmentStep>> Named { get; } = new Dictionary<string, IReadOnlyList<AugmentStep>>(StringComparer.Ordinal)
    {
        ["keras"] = [Step("keras", ("rotation_range", ["20"]), ("width_shift_range", ["0.1"]), ("height_shift_range", ["0.1"]), ("shear_range", ["0.1"]),
            ("zoom_range", ["0.1"]), ("horizontal_flip", ["true"]), ("vertical_flip", ["true"]), ("brightness_range", ["0.9", "1.1"]), ("fill_mode", ["nearest"]))],
        ["dihedral"] = [Step("dihedral")],
    };

    /// <summary>
    /// The trainer hook of a model's <c>augment</c> (null for none): its list, or the named list of <c>augment: NAME</c>,
    /// or for <c>augment: true</c> that of <paramref name="preset"/> (<c>augment_preset</c>, default <c>keras</c>).
    /// </summary>
    public static Action<Span<float>, int, int, Generator>? Resolve(AugmentConfig? augment, string? preset)
    {
        if (augment is null)
        {
            return null;
        }

        if (augment.Steps.Count > 0)
        {
            return Hook(augment.Steps);
        }

        var name = augment.Preset ?? preset ?? "keras";
        return Named.TryGetValue(name, out var steps)
            ? Hook(steps)
            : throw new TrainingConfigException($"augment must be true, a list of transforms or one of {string.Join(", ", Named.Keys)}, got '{name}'");
    }

    /// <summary>
    /// The trainer hook applying <paramref name="steps"/> in order to one (C, H, W) sample in place. Consecutive image
    /// transforms share one <see cref="Random"/> seeded from the generator per sample.
    /// </summary>
    /// <exception cref="TrainingConfigException">An unknown transform or parameter, or a value out of range; the message lists what is accepted.</exception>
    public static Action<Span<float>, int, int, Generator> Hook(IReadOnlyList<AugmentStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var hooks = new List<Action<Span<float>, int, int, Generator>>();
        var run = new List<IAugmentation>();
        void Flush()
        {
            if (run.Count > 0)
            {
                hooks.Add(Augmentations.Hook(run.Count == 1 ? run[0] : new Compose([.. run])));
                run.Clear();
            }
        }

        foreach (var step in steps)
        {
            if (step.Name == "dihedral")
            {
                Flush();
                Check(step);
                hooks.Add(Augmentations.Dihedral);
                continue;
            }

            run.Add(Create(step));
        }

        Flush();
        return hooks.Count == 1 ? hooks[0] : (sample, height, width, generator) =>
        {
            foreach (var hook in hooks)
            {
                hook(sample, height, width, generator);
            }
        };
    }

    /// <summary>The image transform of one step (with its probability), checked.</summary>
    public static IAugmentation Create(AugmentStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        Check(step);
        var a = new Arguments(step);
        IAugmentation transform = step.Name switch
        {
            "flip" => a.Choice("axis", "horizontal", "horizontal", "vertical", "both") switch
            {
                "horizontal" => new RandomFlip(1, 0),
                "vertical" => new RandomFlip(0, 1),
                _ => new RandomFlip(1, 1),
            },
            "rot90" => new RandRotate90((int)a.Number("max_k", 3, 1, 3, integer: true)),
            "affine" => Affine(a),
            "intensity" => Intensity(a),
            "noise" => new GaussianNoise(a.Number("std", 0, 0, double.PositiveInfinity), a.Number("mean", 0, double.NegativeInfinity, double.PositiveInfinity)),
            "elastic" => new ElasticDeformation
            {
                Alpha = a.Number("alpha", 34, 0, double.PositiveInfinity),
                Sigma = a.Number("sigma", 4, 0, double.PositiveInfinity),
                FillMode = Padding(a),
            },
            _ => Keras(a),
        };
        var p = a.Number("p", step.Name == "flip" ? 0.5 : 1, 0, 1);
        return p == 1 ? transform : new RandomApply(transform, p);
    }

    private static RandAffine Affine(Arguments a)
    {
        var (low, high) = a.Range("scale", 1, around: 1);
        return new RandAffine
        {
            Rotate = a.Number("rotate", 0, 0, 180),
            Translate = a.Number("translate", 0, 0, 0.999),
            ScaleLow = low,
            ScaleHigh = high,
            Shear = a.Number("shear", 0, 0, 89),
            FillMode = Padding(a),
            Order = a.Choice("mode", "bilinear", "bilinear", "nearest") == "nearest" ? 0 : 1,
        };
    }

    private static IAugmentation Intensity(Arguments a)
    {
        var brightness = a.Number("brightness", 0, 0, 0.999);
        var contrast = a.Number("contrast", 0, 0, 0.999);
        var linear = new RandomIntensity
        {
            BrightnessLow = 1 - brightness,
            BrightnessHigh = 1 + brightness,
            ContrastLow = 1 - contrast,
            ContrastHigh = 1 + contrast,
        };
        if (!a.Has("gamma"))
        {
            return linear;
        }

        var (low, high) = a.Range("gamma", 1, around: null);
        return new Compose(linear, new RandAdjustContrast(low, high));
    }

    // The trainer's samples are in 0–1; Keras' brightness step returns 0–255, which rescale 1/255 brings back (as seeds/000's rescale=1./255).
    private static KerasImageDataGenerator Keras(Arguments a)
    {
        var generator = KerasSteps(a);
        return generator.BrightnessRange is null ? generator : generator with { Rescale = 1.0 / 255 };
    }

    private static KerasImageDataGenerator KerasSteps(Arguments a) => new()
    {
        RotationRange = a.Number("rotation_range", 0, 0, 360),
        WidthShiftRange = a.Number("width_shift_range", 0, 0, double.PositiveInfinity),
        HeightShiftRange = a.Number("height_shift_range", 0, 0, double.PositiveInfinity),
        ShearRange = a.Number("shear_range", 0, 0, 89),
        ZoomRange = a.Number("zoom_range", 0, 0, 0.999),
        HorizontalFlip = a.Choice("horizontal_flip", "false", "true", "false") == "true",
        VerticalFlip = a.Choice("vertical_flip", "false", "true", "false") == "true",
        BrightnessRange = a.Has("brightness_range") ? a.Range("brightness_range", 1, around: null) : null,
        FillMode = a.Choice("fill_mode", "nearest", "nearest", "constant", "reflect", "wrap") switch
        {
            "constant" => FillMode.Constant,
            "reflect" => FillMode.Reflect,
            "wrap" => FillMode.Wrap,
            _ => FillMode.Nearest,
        },
        Cval = (float)a.Number("cval", 0, double.NegativeInfinity, double.PositiveInfinity),
    };

    /// <summary>MONAI / grid_sample <c>padding_mode</c>: zeros, border (the edge value) or reflection (default).</summary>
    private static FillMode Padding(Arguments a) => a.Choice("padding_mode", "reflection", "zeros", "border", "reflection") switch
    {
        "zeros" => FillMode.Constant,
        "border" => FillMode.Nearest,
        _ => FillMode.Reflect,
    };

    private static void Check(AugmentStep step)
    {
        if (!Accepted.TryGetValue(step.Name, out var names))
        {
            throw new TrainingConfigException($"unknown transform '{step.Name}'; a list accepts {string.Join(", ", Accepted.Keys)}");
        }

        foreach (var key in step.Parameters.Keys)
        {
            if (!names.Contains(key, StringComparer.Ordinal))
            {
                throw new TrainingConfigException(names.Length == 0
                    ? $"{step.Name}: takes no parameters, got '{key}'"
                    : $"{step.Name}: unknown parameter '{key}'; it accepts {string.Join(", ", names)}");
            }
        }
    }

    private static AugmentStep Step(string name, params (string Key, string[] Values)[] parameters) =>
        new(name, parameters.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Values, StringComparer.Ordinal));

    /// <summary>Typed reads of one step's parameters, with errors that name the transform and parameter.</summary>
    private sealed class Arguments(AugmentStep step)
    {
        public bool Has(string key) => step.Parameters.ContainsKey(key);

        public double Number(string key, double fallback, double min, double max, bool integer = false)
        {
            if (!step.Parameters.TryGetValue(key, out var values))
            {
                return fallback;
            }

            if (values.Count != 1 || !double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)
                || (integer && value != Math.Floor(value)))
            {
                throw Bad(key, $"must be {(integer ? "an integer" : "a number")}, got {Show(values)}");
            }

            if (value >= min && value <= max)
            {
                return value;
            }

            throw Bad(key, double.IsPositiveInfinity(max) ? $"must be ≥ {Show(min)}, got {Show(values)}" : $"must be in [{Show(min)}, {Show(max)}], got {Show(values)}");
        }

        /// <summary>[low, high] as two numbers; one number x means [around − x, around + x] where <paramref name="around"/> is given.</summary>
        public (double Low, double High) Range(string key, double fallback, double? around)
        {
            if (!step.Parameters.TryGetValue(key, out var values))
            {
                return (fallback, fallback);
            }

            var numbers = values.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) ? x : double.NaN).ToArray();
            var (low, high) = (numbers.Length, around) switch
            {
                (2, _) => (numbers[0], numbers[1]),
                (1, { } centre) => (centre - numbers[0], centre + numbers[0]),
                _ => (double.NaN, double.NaN),
            };
            return low > 0 && low <= high
                ? (low, high)
                : throw Bad(key, $"must be [low, high] with 0 < low ≤ high{(around is null ? "" : " or one number below 1")}, got {Show(values)}");
        }

        public string Choice(string key, string fallback, params string[] choices)
        {
            if (!step.Parameters.TryGetValue(key, out var values))
            {
                return fallback;
            }

            var value = values.Count == 1 ? values[0].ToLowerInvariant() : "";
            return choices.Contains(value, StringComparer.Ordinal) ? value : throw Bad(key, $"must be {string.Join(" or ", choices)}, got {Show(values)}");
        }

        private TrainingConfigException Bad(string key, string what) => new($"{step.Name}: {key} {what}");

        private static string Show(IReadOnlyList<string> values) => values.Count == 1 ? $"'{values[0]}'" : $"[{string.Join(", ", values)}]";

        private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
