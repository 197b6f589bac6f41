using MedVision.Imaging;
using MedVision.Pipeline.Data;
using MedVision.Pipeline.Training;

namespace MedVision.Pipeline.Models;

/// <summary>
/// The images of a store as a network recipe feeds them: resized (bilinear) to a square input size when one is set,
/// scaled by 1/255 (or by 1/max for data beyond 8 bits), and turned into labelled tensor sets by index.
/// </summary>
internal sealed class NetworkInputs
{
    private readonly ImageStore _store;

    public NetworkInputs(ImageStore store, int? inputSize)
    {
        _store = store;
        Images = inputSize is { } size
            ? [.. store.Images.Select(i => i.Height == size && i.Width == size ? i : Resize.Apply(i, size, size))]
            : store.Images;
        var max = Images.Max(i => i.Data.Length == 0 ? 0 : i.Data.Max());
        Scale = max <= 255 ? 1f / 255 : 1f / max;
    }

    /// <summary>Every image, resized when an input size is set.</summary>
    public IReadOnlyList<Image> Images { get; }

    /// <summary>The factor grey levels are multiplied by.</summary>
    public float Scale { get; }

    /// <summary>The images at <paramref name="indices"/> (repeats allowed) with their labels.</summary>
    public TensorSet Set(IEnumerable<int> indices)
    {
        var list = indices as IReadOnlyList<int> ?? [.. indices];
        return TensorSet.From([.. list.Select(i => Images[i])], [.. list.Select(i => _store.Dataset.Samples[i].Label)], Scale);
    }
}
