using MedVision.Nn.Weights;
using MedVision.Tensors;

namespace MedVision.Nn.Onnx;

/// <summary>
/// A channel reorder followed by the subtraction of a mean image, read from an ONNX preprocessing graph of the form
/// Split(axis 1) → Concat(axis 1) → Sub(mean image): ML.NET's <c>ResNetPreprocess.onnx</c>, which turns RGB in 0–255
/// into BGR minus a per-pixel ImageNet mean (channel means ≈ 103.1, 115.9, 123.2; no division by a deviation).
/// <see cref="Apply(ReadOnlySpan{float}, Span{float})"/> computes y[n, c, i, j] = x[n, order[c], i, j] − mean[c, i, j].
/// </summary>
public sealed class MeanImagePreprocess
{
    private MeanImagePreprocess(IReadOnlyList<int> order, WeightTensor mean)
    {
        ChannelOrder = order;
        Mean = mean;
    }

    /// <summary>For each output channel, the input channel it takes (ML.NET: [2, 1, 0], RGB → BGR).</summary>
    public IReadOnlyList<int> ChannelOrder { get; }

    /// <summary>The mean image (C, H, W) subtracted after the reorder, in output channel order.</summary>
    public WeightTensor Mean { get; }

    /// <summary>Channels, height and width the preprocessing expects (those of <see cref="Mean"/>).</summary>
    public (int Channels, int Height, int Width) Input => (Mean.Shape[0], Mean.Shape[1], Mean.Shape[2]);

    /// <summary>Reads the preprocessing graph at <paramref name="path"/>.</summary>
    /// <exception cref="OnnxFormatException">The file is not a Split → Concat → Sub graph over a constant mean image.</exception>
    public static MeanImagePreprocess Read(string path) => FromModel(OnnxReader.Read(path));

    /// <summary>The preprocessing <paramref name="model"/> describes; the error names its source and what is unexpected.</summary>
    public static MeanImagePreprocess FromModel(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var g = model.Graph;
        OnnxFormatException Error(string what) => new(model.Source, $"not a Split → Concat → Sub(mean image) preprocessing graph: {what}");
        if (g.Nodes is not [{ OpType: "Split" } split, { OpType: "Concat" } concat, { OpType: "Sub" } sub] || g.Inputs.Count != 1)
        {
            throw Error($"it has the nodes [{string.Join(", ", g.Nodes.Select(n => n.Label))}] and {g.Inputs.Count} data inputs");
        }

        if (split.Inputs is not [var input] || input != g.Inputs[0].Name || split.Int("axis", 0) != 1 || concat.Int("axis", 0) != 1)
        {
            throw Error($"{split.Label} must split the input '{g.Inputs[0].Name}' along axis 1 and {concat.Label} join along axis 1");
        }

        var order = concat.Inputs.Select(i => split.Outputs.ToList().IndexOf(i)).ToArray();
        if (order.Length != split.Outputs.Count || order.Distinct().Count() != order.Length || order.Any(i => i < 0))
        {
            throw Error($"{concat.Label} joins [{string.Join(", ", concat.Inputs)}], not a reordering of {split.Label}'s outputs [{string.Join(", ", split.Outputs)}]");
        }

        if (sub.Inputs.Count != 2 || sub.Inputs[0] != concat.Outputs[0] || !g.Initializers.TryGetValue(sub.Inputs[1], out var mean)
            || g.Outputs.Count != 1 || g.Outputs[0].Name != sub.Outputs[0])
        {
            throw Error($"{sub.Label} must subtract an initializer from {concat.Label}'s output and give the graph's output");
        }

        var shape = mean.Shape.Length == 4 && mean.Shape[0] == 1 ? mean.Shape[1..] : mean.Shape;
        if (shape.Length != 3 || shape[0] != order.Length)
        {
            throw Error($"the mean image '{sub.Inputs[1]}' has shape {mean.ShapeText}; expected (1, {order.Length}, H, W)");
        }

        // One channel per split output: split sizes other than one channel each are not a reorder.
        if (split.Ints("split") is { } sizes && sizes.Any(s => s != 1))
        {
            throw Error($"{split.Label} splits into [{string.Join(", ", sizes)}] channels; one channel per output is expected");
        }

        return new MeanImagePreprocess(order, new WeightTensor(shape, mean.Values));
    }

    /// <summary>
    /// Preprocesses images: <paramref name="input"/> holds N (C, H, W) images in the source channel order (RGB in
    /// 0–255 for ML.NET); <paramref name="destination"/> (same length) receives the reordered channels minus the mean.
    /// </summary>
    public void Apply(ReadOnlySpan<float> input, Span<float> destination)
    {
        var (c, h, w) = Input;
        var plane = h * w;
        var image = c * plane;
        if (input.Length % image != 0 || destination.Length != input.Length)
        {
            throw new ArgumentException($"input must hold N images of {c}x{h}x{w} ({image} values each) and destination as many, got {input.Length} and {destination.Length}", nameof(input));
        }

        var mean = Mean.Values.AsSpan();
        for (var n = 0; n < input.Length; n += image)
        {
            for (var k = 0; k < c; k++)
            {
                var src = input.Slice(n + (ChannelOrder[k] * plane), plane);
                var dst = destination.Slice(n + (k * plane), plane);
                System.Numerics.Tensors.TensorPrimitives.Subtract(src, mean.Slice(k * plane, plane), dst);
            }
        }
    }

    /// <summary>Preprocesses a batch x (N, C, H, W) into a new tensor of the same shape.</summary>
    public Tensor Apply(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (c, h, w) = Input;
        if (x.Rank != 4 || x.Shape[1] != c || x.Shape[2] != h || x.Shape[3] != w)
        {
            throw new ArgumentException($"x must be (N, {c}, {h}, {w}), got [{string.Join(", ", x.ShapeArray())}]", nameof(x));
        }

        var y = Tensor.Zeros(x.ShapeArray());
        Apply(x.Data, y.Data);
        return y;
    }
}
