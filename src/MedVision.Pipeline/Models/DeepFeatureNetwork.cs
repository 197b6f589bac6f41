using MedVision.Imaging;
using MedVision.Nn;
using MedVision.Tensors;
using MedVision.Tensors.Autograd;

namespace MedVision.Pipeline.Models;

/// <summary>
/// A frozen network used as a feature extractor: each input patch gives the global average (over height and width)
/// of the output of every named block, concatenated in order — the pooled 512-d vector of a ResNet-18's
/// <c>layer4</c>, or the multi-scale vector of <c>layer1…layer4</c> that seeds/002's fusion models pool (torchvision
/// <c>create_feature_extractor</c> followed by <c>adaptive_avg_pool2d(·, 1)</c>). Patches are first resized
/// (bilinear, <see cref="Resize"/>) to <see cref="InputSize"/> when it is set, so that a network trained on 224²
/// photographs sees small patches at a larger scale. The network runs in evaluation mode without gradients.
/// </summary>
public sealed class DeepFeatureNetwork
{
    /// <summary>Patches per forward pass: enough for efficient products, few enough for a ResNet's activations at 224².</summary>
    private const int PatchesPerChunk = 32;
    private readonly Module _network;

    /// <param name="network">The pretrained network; switched to evaluation mode.</param>
    /// <param name="layers">Dotted names of the submodules whose outputs (N, C, h, w) are pooled, in output order; at least one, no repeats.</param>
    /// <param name="inputSize">Square size patches are resized to before the network; null feeds them as they are.</param>
    /// <exception cref="ArgumentException">A layer name is not a submodule of <paramref name="network"/>, repeats, or none is given.</exception>
    public DeepFeatureNetwork(Module network, IReadOnlyList<string> layers, int? inputSize = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0 || layers.Distinct(StringComparer.Ordinal).Count() != layers.Count)
        {
            throw new ArgumentException($"name one or more distinct layers to pool, got [{string.Join(", ", layers)}]", nameof(layers));
        }

        var known = network.NamedModules().Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        if (layers.FirstOrDefault(l => !known.Contains(l)) is { } missing)
        {
            throw new ArgumentException(
                $"{network.GetType().Name} has no submodule '{missing}'; top-level ones: {string.Join(", ", network.NamedChildren().Select(c => c.Key))}", nameof(layers));
        }

        if (inputSize is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "the network input size must be ≥ 1");
        }

        _network = network;
        Layers = [.. layers];
        InputSize = inputSize;
        network.Eval();
    }

    /// <summary>The frozen network (in evaluation mode).</summary>
    public Module Network => _network;

    /// <summary>The same network pooling <paramref name="layers"/> instead, at the same input size.</summary>
    public DeepFeatureNetwork Pooling(IReadOnlyList<string> layers) => new(_network, layers, InputSize);

    /// <summary>The pooled blocks, in the order their features are concatenated.</summary>
    public IReadOnlyList<string> Layers { get; }

    /// <summary>Square size patches are resized to before the network; null for none.</summary>
    public int? InputSize { get; }

    /// <summary>
    /// Pooled features of <paramref name="count"/> square patches, (count, C, size, size) row-major in
    /// <paramref name="patches"/>: (count, F) with F the sum of the layers' channels, and the channels of each layer.
    /// </summary>
    public (float[] Features, int[] Widths) Extract(ReadOnlySpan<float> patches, int count, int channels, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (patches.Length != count * channels * size * size)
        {
            throw new ArgumentException($"expected {count}×{channels}×{size}×{size} = {count * channels * size * size} values, got {patches.Length}", nameof(patches));
        }

        var side = InputSize ?? size;
        var widths = new int[Layers.Count];
        float[]? features = null;
        var pooled = new float[Layers.Count][];
        var handles = Layers.Select((name, l) => _network.GetSubmodule(name).RegisterForwardHook((_, _, output) => pooled[l] = GlobalAverage(output), holdsTensors: false)).ToList();
        try
        {
            for (var start = 0; start < count; start += PatchesPerChunk)
            {
                var n = Math.Min(PatchesPerChunk, count - start);
                var chunk = Resized(patches.Slice(start * channels * size * size, n * channels * size * size), n, channels, size, side);
                using (GradMode.NoGrad())
                {
                    using var scope = TensorScope.Begin(everything: true);
                    _network.Forward(Tensor.Wrap(chunk, n, channels, side, side));
                }

                if (features is null)
                {
                    for (var l = 0; l < Layers.Count; l++)
                    {
                        widths[l] = pooled[l]!.Length / n;
                    }

                    features = new float[count * widths.Sum()];
                }

                // pooled[l]: (n, C_l) → features rows start … start + n, columns offset_l … offset_l + C_l
                var total = widths.Sum();
                var offset = 0;
                for (var l = 0; l < Layers.Count; l++)
                {
                    for (var i = 0; i < n; i++)
                    {
                        pooled[l].AsSpan(i * widths[l], widths[l]).CopyTo(features.AsSpan(((start + i) * total) + offset, widths[l]));
                    }

                    offset += widths[l];
                }
            }
        }
        finally
        {
            handles.ForEach(h => h.Remove());
        }

        if (features is null)
        {
            // No patch ran, so no width is known: an empty matrix of unknown widths.
            return ([], widths);
        }

        return (features, widths);
    }

    /// <summary>x: (N, C, h, w) → its mean over h·w, (N, C), copied out of the tensor pool.</summary>
    private static float[] GlobalAverage(Tensor x)
    {
        if (x.Rank != 4)
        {
            throw new InvalidOperationException($"a pooled layer must give (N, C, h, w) maps, got ({string.Join(", ", x.ShapeArray())})");
        }

        var (n, c, plane) = (x.Size(0), x.Size(1), x.Size(2) * x.Size(3));
        var result = new float[n * c];
        var data = x.Data;
        for (var i = 0; i < n * c; i++)
        {
            var sum = 0.0;
            foreach (var v in data.Slice(i * plane, plane))
            {
                sum += v;
            }

            result[i] = (float)(sum / plane);
        }

        return result;
    }

    /// <summary>The patches resized to side × side (a copy; bilinear, OpenCV <c>INTER_LINEAR</c>), or copied as they are.</summary>
    private static float[] Resized(ReadOnlySpan<float> patches, int n, int channels, int size, int side)
    {
        if (side == size)
        {
            return patches.ToArray();
        }

        var result = new float[n * channels * side * side];
        for (var i = 0; i < n; i++)
        {
            var patch = new Image(channels, size, size, patches.Slice(i * channels * size * size, channels * size * size).ToArray());
            Imaging.Resize.Apply(patch, side, side).Data.CopyTo(result.AsSpan(i * channels * side * side));
        }

        return result;
    }
}
