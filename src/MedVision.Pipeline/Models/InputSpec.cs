using System.Globalization;
using MedVision.Imaging;
using MedVision.Imaging.Preprocessing;
using MedVision.Tensors;
using MedVision.Training;

namespace MedVision.Pipeline.Models;

/// <summary>
/// How an image becomes a model's input, the one rule that training, prediction and saved bundles share (a bundle's
/// <c>model.json</c> <c>input</c> object): grey levels (one channel) → the <paramref name="Preprocess"/> chain → bilinear
/// resize to <paramref name="Height"/> × <paramref name="Width"/> when the image differs → × <paramref name="Scale"/> →
/// per channel (x − <see cref="Mean"/>[c]) / <see cref="Std"/>[c] when a normalisation is set (torchvision's
/// <c>transforms.Normalize</c>).
/// </summary>
/// <param name="Channels">Channels of the input (1: images are reduced to grey levels).</param>
/// <param name="Height">Height images are resized to; null keeps theirs (feature pipelines fitted on images of several sizes).</param>
/// <param name="Width">Width images are resized to.</param>
/// <param name="Scale">Factor applied to grey levels before a CNN (1/255 for 8-bit data); 1 for feature pipelines.</param>
/// <param name="Preprocess">Preprocessing chain applied after reading, before resizing (<c>median:3,clahe:clip=0.01</c>), or null.</param>
public sealed record InputSpec(int Channels, int? Height, int? Width, float Scale, string? Preprocess)
{
    /// <summary>Per-channel mean subtracted after scaling; null (default) for none. Set together with <see cref="Std"/>.</summary>
    public IReadOnlyList<float>? Mean { get; init; }

    /// <summary>Per-channel standard deviation divided by after the mean is subtracted; null (default) for none.</summary>
    public IReadOnlyList<float>? Std { get; init; }

    /// <summary>Whether a per-channel normalisation follows the scaling.</summary>
    public bool IsNormalized => Mean is not null;

    /// <summary>
    /// The input of a network trained on <paramref name="images"/> (grey levels as stored, already preprocessed): their
    /// channels, <paramref name="size"/>² (or the first image's size when null), and a scale of 1/255, or 1/max for data
    /// beyond 8 bits (so that 12- and 16-bit images also land in [0, 1]).
    /// </summary>
    public static InputSpec Of(IReadOnlyList<Image> images, int? size, string? preprocess = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("no images to take the input from", nameof(images));
        }

        var first = images[0];
        if (size is null && images.FirstOrDefault(i => i.Height != first.Height || i.Width != first.Width) is { } other)
        {
            throw new ArgumentException(
                $"the images are of several sizes ({first.Height}×{first.Width}, {other.Height}×{other.Width}, …); set an input size to resize them to one", nameof(images));
        }

        var max = images.Max(i => i.Data.Length == 0 ? 0 : i.Data.Max());
        return new InputSpec(first.Channels, size ?? first.Height, size ?? first.Width, max <= 255 ? 1f / 255 : 1f / max, preprocess);
    }

    /// <summary>This spec with the per-channel normalisation (x − mean) / std; both null removes it.</summary>
    /// <exception cref="ArgumentException">One is null and the other not, a length is not <see cref="Channels"/>, or a deviation is not a finite number &gt; 0.</exception>
    public InputSpec WithNormalization(IReadOnlyList<float>? mean, IReadOnlyList<float>? std)
    {
        if (NormalizationProblem(mean, std) is { } problem)
        {
            throw new ArgumentException(problem, mean is null || (std is not null && mean.Count == Channels) ? nameof(std) : nameof(mean));
        }

        return this with { Mean = mean is null ? null : [.. mean], Std = std is null ? null : [.. std] };
    }

    /// <summary>What is wrong with a normalisation for this spec's channels, or null when it is valid (both null included).</summary>
    internal string? NormalizationProblem(IReadOnlyList<float>? mean, IReadOnlyList<float>? std) =>
        mean is null != std is null ? "set both the normalisation mean and std, or neither"
        : mean is null ? null
        : mean.Count != Channels || std!.Count != Channels ? $"needs one mean and one std per input channel ({Channels}), got {mean.Count} and {std!.Count}"
        : std.Any(s => !(s > 0) || !float.IsFinite(s)) || mean.Any(m => !float.IsFinite(m))
            ? $"every mean must be finite and every std a finite number > 0, got mean [{Join(mean)}], std [{Join(std)}]"
        : null;

    private static string Join(IEnumerable<float> values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The preprocessing chain, parsed; null when there is none. Throws <see cref="PreprocessChainException"/> for a bad chain.</summary>
    public PreprocessChain? Chain() => string.IsNullOrWhiteSpace(Preprocess) ? null : PreprocessChain.Parse(Preprocess);

    /// <summary>
    /// A new image as the model sees it before scaling: grey levels, <paramref name="chain"/> (this spec's
    /// <see cref="Chain"/>, parsed once by the caller), then <see cref="Resize"/>.
    /// </summary>
    public Image Prepare(Image image, PreprocessChain? chain) => Resize(Preprocessed(image, chain));

    /// <summary>A new image in grey levels with <paramref name="chain"/> applied: as an experiment's image store holds it, before <see cref="Resize"/>.</summary>
    public Image Preprocessed(Image image, PreprocessChain? chain)
    {
        ArgumentNullException.ThrowIfNull(image);
        var prepared = image.ToGray();
        return chain is null ? prepared : chain.Apply(prepared).ToGray();
    }

    /// <summary><paramref name="image"/> resized (bilinear) to <see cref="Height"/> × <see cref="Width"/> when it differs and a size is set; else itself.</summary>
    public Image Resize(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Height is { } h && Width is { } w && (image.Height != h || image.Width != w) ? Imaging.Resize.Apply(image, h, w) : image;
    }

    /// <summary>
    /// <paramref name="images"/> (each resized by <see cref="Resize"/>) stacked, scaled and normalised, with their
    /// labels: the network's training or scoring set.
    /// </summary>
    public TensorSet Tensors(IReadOnlyList<Image> images, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        return TensorSet.From([.. images.Select(Resize)], labels, Scale, Mean, Std);
    }

    /// <summary>
    /// <paramref name="images"/> as one input tensor: x (N, C, H, W), each image resized, scaled and normalised.
    /// </summary>
    public Tensor Tensor(IReadOnlyList<Image> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return Tensors(images, new int[images.Count]).Batch([.. Enumerable.Range(0, images.Count)]).X;
    }
}
