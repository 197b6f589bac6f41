using MedVision.Imaging.Augmentation;

namespace MedVision.Imaging.Preprocessing;

/// <summary>
/// Every step a preprocessing chain may name: one explicit table of name → factory (no discovery). Each
/// factory reads its parameters through <see cref="StepArguments"/>, so unknown or malformed parameters are
/// errors that name the step.
/// </summary>
public static class PreprocessStepTable
{
    private static readonly Dictionary<string, BorderMode> BorderModes = new(StringComparer.Ordinal)
    {
        ["reflect"] = BorderMode.Reflect,
        ["mirror"] = BorderMode.Mirror,
        ["nearest"] = BorderMode.Nearest,
        ["constant"] = BorderMode.Constant,
        ["wrap"] = BorderMode.Wrap,
    };

    private static readonly Dictionary<string, PadMode> PadModes = new(StringComparer.Ordinal)
    {
        ["constant"] = PadMode.Constant,
        ["edge"] = PadMode.Edge,
        ["reflect"] = PadMode.Reflect,
        ["symmetric"] = PadMode.Symmetric,
        ["wrap"] = PadMode.Wrap,
    };

    private static readonly Dictionary<string, Interpolation> Interpolations = new(StringComparer.Ordinal)
    {
        ["nearest"] = Interpolation.Nearest,
        ["linear"] = Interpolation.Linear,
        ["cubic"] = Interpolation.Cubic,
        ["area"] = Interpolation.Area,
    };

    private static readonly Dictionary<string, VoiFunction> VoiFunctions = new(StringComparer.Ordinal)
    {
        ["linear"] = VoiFunction.Linear,
        ["linear_exact"] = VoiFunction.LinearExact,
        ["sigmoid"] = VoiFunction.Sigmoid,
    };

    /// <summary>The steps, in the order help lists them.</summary>
    public static IReadOnlyList<StepDefinition> All { get; } =
    [
        new("gray", "", "gray", "luminance (ITU-R 601-2) of a colour image", _ => image => image.ToGray()),
        new("artifacts", "", "artifacts[,radius=5,fill=true]", "seeds/001 artifact removal: Otsu → opening → largest component",
            a =>
            {
                var options = new ArtifactRemovalOptions { OpeningRadius = a.Int("radius", 5), FillHoles = a.Bool("fill", true) };
                return image => ArtifactRemoval.Apply(image, options).Image;
            }),
        new("median", "size", "median:SIZE[,mode=reflect]", "median filter (scipy.ndimage.median_filter)",
            a =>
            {
                var options = new MedianFilterOptions { Size = Positive(a, a.Int("size", 3, positional: true), "size"), Mode = a.Choice("mode", BorderModes, BorderMode.Reflect) };
                return image => MedianFilter.Apply(image, options);
            }),
        new("mean", "size", "mean:SIZE[,mode=reflect]", "box filter (scipy.ndimage.uniform_filter)",
            a =>
            {
                var options = new MeanFilterOptions { Size = Positive(a, a.Int("size", 3, positional: true), "size"), Mode = a.Choice("mode", BorderModes, BorderMode.Reflect) };
                return image => MeanFilter.Apply(image, options);
            }),
        new("adaptive-median", "max", "adaptive-median:MAX", "Gonzalez & Woods adaptive median, windows 3…MAX (odd, default 7)",
            a =>
            {
                var max = a.Int("max", 7, positional: true);
                if (max < 3 || max % 2 == 0)
                {
                    throw a.Error($"max must be an odd number ≥ 3, got {max}");
                }

                return image => AdaptiveMedianFilter.Apply(image, max);
            }),
        new("gaussian", "sigma", "gaussian:SIGMA[,truncate=4,mode=reflect]", "Gaussian blur (scipy.ndimage.gaussian_filter)",
            a =>
            {
                var options = new GaussianFilterOptions
                {
                    Sigma = NonNegative(a, a.Double("sigma", 1, positional: true), "sigma"),
                    Truncate = a.Double("truncate", 4),
                    Mode = a.Choice("mode", BorderModes, BorderMode.Reflect),
                };
                return image => GaussianFilter.Apply(image, options);
            }),
        new("clahe", "clip", "clahe[:CLIP][,clip=0.01,kernel=K|HxW,bins=256,out=1]", "CLAHE (skimage equalize_adapthist); output in [0, out]",
            a =>
            {
                var kernel = a.Pair("kernel", "x", allowSingle: true);
                var options = new ClaheOptions
                {
                    ClipLimit = NonNegative(a, a.Double("clip", 0.01, positional: true), "clip"),
                    KernelHeight = kernel is { } k ? Positive(a, (int)k.A, "kernel") : null,
                    KernelWidth = kernel is { } k2 ? Positive(a, (int)k2.B, "kernel") : null,
                    NBins = Positive(a, a.Int("bins", 256), "bins"),
                    OutputMax = a.Double("out", 1),
                };
                return image => Clahe.Apply(image, options);
            }),
        new("equalize", "bins", "equalize[:BINS]", "global histogram equalisation (skimage equalize_hist), output in [0, 1]",
            a =>
            {
                var bins = Positive(a, a.Int("bins", 256, positional: true), "bins");
                return image => HistogramEqualization.Apply(image, bins);
            }),
        new("rescale", "", "rescale,slope=S,intercept=I", "DICOM modality rescale v·slope + intercept (stored value → HU)",
            a =>
            {
                var slope = a.Double("slope", 1);
                var intercept = a.Double("intercept", 0);
                return image => Windowing.Rescale(image, slope, intercept);
            }),
        new("window", "window", "window:CENTER/WIDTH[,function=linear,out=1]", "DICOM VOI window onto [0, out] (e.g. window:-600/1500)",
            a =>
            {
                var window = a.Pair("window", "/", positional: true) ?? throw a.Error("needs CENTER/WIDTH, e.g. window:40/400");
                var options = new WindowOptions
                {
                    Center = window.A,
                    Width = window.B,
                    Function = a.Choice("function", VoiFunctions, VoiFunction.Linear),
                    OutputMax = a.Double("out", 1),
                };
                return image => Windowing.Apply(image, options);
            }),
        new("minmax", "range", "minmax[:LOW-HIGH]", "min-max normalisation onto [LOW, HIGH] (default 0-1)",
            a =>
            {
                var (low, high) = a.Pair("range", "-", positional: true) ?? (0, 1);
                return image => Normalization.MinMax(image, low, high);
            }),
        new("zscore", "", "zscore", "(v − mean)/std per channel",
            _ => Normalization.ZScore),
        new("percentile", "range", "percentile[:LOW-HIGH][,clip=true]", "percentiles LOW, HIGH (default 1-99) onto [0, 1]",
            a =>
            {
                var (low, high) = a.Pair("range", "-", positional: true) ?? (1, 99);
                var clip = a.Bool("clip", true);
                if (!(low >= 0 && low < high && high <= 100))
                {
                    throw a.Error($"range must satisfy 0 ≤ LOW < HIGH ≤ 100, got {low}-{high}");
                }

                return image => Normalization.Percentile(image, low, high, 0, 1, clip);
            }),
        new("scale", "factor", "scale:FACTOR", "multiply every value by FACTOR",
            a =>
            {
                var factor = a.Double("factor", 1, positional: true);
                return image => Scale(image, factor);
            }),
        new("resize", "size", "resize:HxW[,interp=linear,aa=false]", "resize (cv2.resize; interp nearest|linear|cubic|area)",
            a =>
            {
                var size = a.Pair("size", "x", positional: true, allowSingle: true) ?? throw a.Error("needs a size, e.g. resize:120x120");
                var options = new ResizeOptions
                {
                    Height = Positive(a, (int)size.A, "size"),
                    Width = Positive(a, (int)size.B, "size"),
                    Interpolation = a.Choice("interp", Interpolations, Interpolation.Linear),
                    AntiAliasing = a.Bool("aa", false),
                };
                return image => Resize.Apply(image, options);
            }),
        new("crop", "size", "crop:HxW[,top=T,left=L]", "crop HxW at (top, left), centred when they are absent",
            a =>
            {
                var size = a.Pair("size", "x", positional: true, allowSingle: true) ?? throw a.Error("needs a size, e.g. crop:100x100");
                var (h, w) = (Positive(a, (int)size.A, "size"), Positive(a, (int)size.B, "size"));
                var top = a.Text("top") is null ? (int?)null : a.Int("top", 0);
                var left = a.Text("left") is null ? (int?)null : a.Int("left", 0);
                return image =>
                {
                    if (h > image.Height || w > image.Width)
                    {
                        throw new ArgumentException($"step {a.Position} 'crop': {h}x{w} does not fit the {image.Height}x{image.Width} image");
                    }

                    return Geometry.Crop(image, top ?? ((image.Height - h) / 2), left ?? ((image.Width - w) / 2), h, w);
                };
            }),
        new("pad", "width", "pad:N[,mode=constant,value=0]", "pad N pixels on every side (numpy.pad modes)",
            a =>
            {
                var n = a.Int("width", 0, positional: true);
                if (n < 0)
                {
                    throw a.Error($"width must be ≥ 0, got {n}");
                }

                var mode = a.Choice("mode", PadModes, PadMode.Constant);
                var value = (float)a.Double("value", 0);
                return image => Geometry.Pad(image, n, n, n, n, mode, value);
            }),
        new("rot90", "k", "rot90[:K]", "rotate by K·90° counter-clockwise (numpy.rot90)",
            a =>
            {
                var k = a.Int("k", 1, positional: true);
                return image => Geometry.Rot90(image, k);
            }),
        new("fliph", "", "fliph", "mirror left–right", _ => Geometry.FlipHorizontal),
        new("flipv", "", "flipv", "mirror top–bottom", _ => Geometry.FlipVertical),
        new("elastic", "", "elastic,alpha=34,sigma=4,seed=0", "seeded elastic deformation (Simard 2003)",
            a =>
            {
                var augmentation = new ElasticDeformation { Alpha = a.Double("alpha", 34), Sigma = a.Double("sigma", 4) };
                var seed = a.Int("seed", 0);
                return image => augmentation.Apply(image, new Random(seed));
            }),
    ];

    /// <summary>The definition named <paramref name="name"/>, or null.</summary>
    public static StepDefinition? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    private static int Positive(StepArguments a, int value, string key) =>
        value >= 1 ? value : throw a.Error($"{key} must be ≥ 1, got {value}");

    private static double NonNegative(StepArguments a, double value, string key) =>
        value >= 0 ? value : throw a.Error($"{key} must be ≥ 0, got {value}");

    private static Image Scale(Image image, double factor)
    {
        var result = new Image(image.Channels, image.Height, image.Width);
        for (var i = 0; i < result.Data.Length; i++)
        {
            result.Data[i] = (float)(image.Data[i] * factor);
        }

        return result;
    }
}
