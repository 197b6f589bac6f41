using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>
/// The input normalisation a pretrained network expects, done inside the network (as torchvision's Inception
/// <c>transform_input</c>), so that training, prediction, bundles and export all feed it the same [0, 1] grey levels:
/// <c>y[:, c] = (x[:, source(c)] · Scale − Mean[c]) / Std[c]</c>, where <c>source(c)</c> is channel 0 for a one-channel
/// input (grey replicated to every output channel), else <c>c</c>, or <c>C − 1 − c</c> when <see cref="ReverseChannels"/>
/// (RGB in, BGR out). Holds no parameters and nothing in the state dict.
/// </summary>
public sealed class InputNormalization : Module
{
    private readonly Tensor _multiplier;
    private readonly Tensor _offset;

    /// <param name="inChannels">Channels of the input: 1 (replicated) or as many as <paramref name="mean"/> has.</param>
    /// <param name="mean">Per-output-channel mean, in the units after <paramref name="scale"/>.</param>
    /// <param name="std">Per-output-channel standard deviation (same length as <paramref name="mean"/>).</param>
    /// <param name="scale">Factor applied to the input first (255 turns [0, 1] into 0–255).</param>
    /// <param name="reverseChannels">Read the input's channels in reverse order (RGB → BGR).</param>
    public InputNormalization(int inChannels, IReadOnlyList<float> mean, IReadOnlyList<float> std, float scale = 1, bool reverseChannels = false)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count < 1 || std.Count != mean.Count || std.Any(s => !(s > 0)) || !(scale > 0))
        {
            throw new ArgumentException($"mean and std need one entry per channel, std > 0 and scale > 0; got {mean.Count} means, {std.Count} stds, scale {scale}", nameof(std));
        }

        if (inChannels != 1 && inChannels != mean.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, $"input channels must be 1 or {mean.Count}, got {inChannels}");
        }

        InChannels = inChannels;
        Mean = [.. mean];
        Std = [.. std];
        Scale = scale;
        ReverseChannels = reverseChannels;
        var c = mean.Count;
        _multiplier = Tensor.From([.. std.Select(s => scale / s)], 1, c, 1, 1);
        _offset = Tensor.From([.. mean.Select((m, i) => m / std[i])], 1, c, 1, 1);
    }

    public int InChannels { get; }

    public int OutChannels => Mean.Length;

    public float[] Mean { get; }

    public float[] Std { get; }

    public float Scale { get; }

    public bool ReverseChannels { get; }

    /// <summary>The input channel each output channel reads.</summary>
    public int[] SourceChannels =>
        [.. Enumerable.Range(0, OutChannels).Select(c => InChannels == 1 ? 0 : ReverseChannels ? OutChannels - 1 - c : c)];

    /// <summary>
    /// torchvision's ImageNet normalisation (<c>transforms.Normalize</c> with mean (0.485, 0.456, 0.406) and std
    /// (0.229, 0.224, 0.225)) on [0, 1] RGB, for torchvision's pretrained weights.
    /// </summary>
    public static InputNormalization ImageNet(int inChannels) =>
        new(inChannels, Zoo.ImageNetNormalization.Mean, Zoo.ImageNetNormalization.Std);

    /// <summary>
    /// The Caffe-style input of ML.NET's ImageNet ResNet-18 (<c>ResNetPreprocess.onnx</c> of the
    /// DnnImageFeaturizer.ResNet18 package): RGB 0–255 reordered to BGR minus the mean colour, no std. The package
    /// subtracts a 224×224 mean image; this uses that image's channel means (B 103.06, G 115.90, R 123.15) so that any
    /// input size works; the image's spread around them is 3–6 grey levels.
    /// </summary>
    public static InputNormalization ImageNetBgrMean(int inChannels) =>
        new(inChannels, [103.06262f, 115.902885f, 123.15163f], [1f, 1f, 1f], scale: 255, reverseChannels: true);

    // x: (N, Cin, H, W) → (N, Cout, H, W)
    protected override Tensor ForwardCore(Tensor input)
    {
        var x = InChannels == OutChannels && !ReverseChannels ? input : Ops.IndexSelect(input, 1, SourceChannels);
        return Ops.Sub(Ops.Mul(x, _multiplier), _offset);
    }
}
