using MedVision.Data;
using MedVision.Imaging;
using MedVision.Training;

namespace MedVision.Pipeline.Models;

/// <summary>
/// The images of a store as a network recipe feeds them (<see cref="InputSpec.Of"/>: resized to the square input size
/// when one is set, scaled by 1/255 or 1/max, normalised when asked), turned into labelled tensor sets by index.
/// </summary>
internal sealed class NetworkInputs
{
    private readonly ImageStore _store;

    /// <exception cref="Experiments.ExperimentConfigException">The normalisation does not fit the images' channels.</exception>
    public NetworkInputs(ImageStore store, string model, int? inputSize, IReadOnlyList<float>? mean = null, IReadOnlyList<float>? std = null)
    {
        _store = store;
        Input = InputSpec.Of(store.Images, inputSize);
        if (Input.NormalizationProblem(mean, std) is { } problem)
        {
            throw new Experiments.ExperimentConfigException($"model {model}: input_mean / input_std: {problem}");
        }

        Input = Input.WithNormalization(mean, std);
        Images = [.. store.Images.Select(Input.Resize)];
    }

    /// <summary>How every image becomes the network's input (no preprocessing chain: the store's images went through it).</summary>
    public InputSpec Input { get; }

    /// <summary>Every image, resized to the input size.</summary>
    public IReadOnlyList<Image> Images { get; }

    /// <summary>The images at <paramref name="indices"/> (repeats allowed) with their labels.</summary>
    public TensorSet Set(IEnumerable<int> indices)
    {
        var list = indices as IReadOnlyList<int> ?? [.. indices];
        return Input.Tensors([.. list.Select(i => Images[i])], [.. list.Select(i => _store.Dataset.Samples[i].Label)]);
    }
}
