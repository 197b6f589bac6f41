using MedVision.Imaging;
using MedVision.Tensors;

namespace MedVision.Training;

/// <summary>
/// Images ready for a network: each sample a (C, H, W) float32 block scaled to about [0, 1], with its label.
/// Built once from decoded images (the "decoded, preprocessed cache" of the trainer) and sliced into batches.
/// </summary>
public sealed class TensorSet
{
    private readonly float[] _data;

    private TensorSet(float[] data, int[] labels, int channels, int height, int width)
    {
        _data = data;
        Labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
    }

    public int Count => Labels.Length;

    public int[] Labels { get; }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Values per sample (C·H·W).</summary>
    public int SampleSize => Channels * Height * Width;

    /// <summary>Sample <paramref name="i"/>'s values.</summary>
    public ReadOnlySpan<float> Sample(int i) => _data.AsSpan(i * SampleSize, SampleSize);

    /// <summary>
    /// Stacks <paramref name="images"/> (all the same size) and multiplies by <paramref name="scale"/> (1/255 for 8-bit data,
    /// as Keras' <c>rescale=1./255</c> in seeds/000 and 004).
    /// </summary>
    public static TensorSet From(IReadOnlyList<Image> images, IReadOnlyList<int> labels, float scale) => From(images, labels, scale, null, null);

    /// <summary>
    /// Stacks <paramref name="images"/> (all the same size), multiplies by <paramref name="scale"/>, then, when
    /// <paramref name="mean"/> and <paramref name="std"/> are set (one value per channel), maps channel c to
    /// (x − mean[c]) / std[c] (torchvision's <c>transforms.Normalize</c>).
    /// </summary>
    public static TensorSet From(IReadOnlyList<Image> images, IReadOnlyList<int> labels, float scale, IReadOnlyList<float>? mean, IReadOnlyList<float>? std)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.Count != labels.Count)
        {
            throw new ArgumentException($"{images.Count} images for {labels.Count} labels", nameof(labels));
        }

        if (images.Count == 0)
        {
            throw new ArgumentException("no images", nameof(images));
        }

        var first = images[0];
        if (mean is not null && (std is null || mean.Count != first.Channels || std.Count != first.Channels))
        {
            throw new ArgumentException($"normalisation needs {first.Channels} means and stds (one per channel), got {mean.Count} and {std?.Count ?? 0}", nameof(mean));
        }

        var plane = first.Height * first.Width;
        var size = first.Channels * plane;
        var data = new float[checked(size * images.Count)];
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i];
            if (image.Channels != first.Channels || image.Height != first.Height || image.Width != first.Width)
            {
                throw new ArgumentException($"image {i} is {image.Channels}×{image.Height}×{image.Width}, the first is {first.Channels}×{first.Height}×{first.Width}; resize them to one size");
            }

            var destination = data.AsSpan(i * size, size);
            image.Data.AsSpan().CopyTo(destination);
            System.Numerics.Tensors.TensorPrimitives.Multiply(destination, scale, destination);
            for (var c = 0; mean is not null && c < first.Channels; c++)
            {
                var channel = destination.Slice(c * plane, plane);
                System.Numerics.Tensors.TensorPrimitives.Subtract(channel, mean[c], channel);
                System.Numerics.Tensors.TensorPrimitives.Divide(channel, std![c], channel);
            }
        }

        return new TensorSet(data, [.. labels], first.Channels, first.Height, first.Width);
    }

    /// <summary>Feeds the set's shape, values and labels to <paramref name="hash"/> (for fingerprints of what a run trained on).</summary>
    public void AppendTo(System.Security.Cryptography.IncrementalHash hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new[] { Count, Channels, Height, Width }.AsSpan()));
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_data.AsSpan()));
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Labels.AsSpan()));
    }

    /// <summary>The samples <paramref name="indices"/> as an (N, C, H, W) tensor and an (N) label tensor of 0/1 floats.</summary>
    public (Tensor X, Tensor Y) Batch(ReadOnlySpan<int> indices, Action<Span<float>, int>? transform = null)
    {
        var n = indices.Length;
        var x = new float[n * SampleSize];
        var y = new float[n];
        for (var k = 0; k < n; k++)
        {
            var destination = x.AsSpan(k * SampleSize, SampleSize);
            Sample(indices[k]).CopyTo(destination);
            transform?.Invoke(destination, k);
            y[k] = Labels[indices[k]];
        }

        return (Tensor.Wrap(x, n, Channels, Height, Width), Tensor.Wrap(y, n));
    }
}
