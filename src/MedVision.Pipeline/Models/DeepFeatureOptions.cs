using MedVision.Nn.Patches;

namespace MedVision.Pipeline.Models;

/// <summary>Settings of a <see cref="DeepFeatureRecipe"/>: what is cut, what is pooled, and what validation chooses.</summary>
public sealed record DeepFeatureOptions
{
    /// <summary>Patch size, counts, class balance, vote and test-time views; null treats each whole image as one patch.</summary>
    public PatchOptions? Patches { get; init; }

    /// <summary>Square size the images are resized to before patches are cut; null keeps theirs.</summary>
    public int? ImageSize { get; init; }

    /// <summary>Square size each patch is resized to before the network (e.g. 144 or 224 for ImageNet weights); null feeds it as cut.</summary>
    public int? NetworkSize { get; init; }

    /// <summary>
    /// The candidate sets of pooled layers (each concatenated in order, e.g. [<c>layer4</c>] or
    /// [<c>layer1</c>, …, <c>layer4</c>]); with more than one, validation chooses.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> LayerSets { get; init; } = [["layer4"]];

    /// <summary>Candidate inverse regularisation strengths C of the classifier, chosen on validation; empty keeps the classifier's own.</summary>
    public IReadOnlyList<double> CValues { get; init; } = [];

    /// <summary>Each training patch also gives its seven other flips and quarter turns as training rows.</summary>
    public bool DihedralTrainViews { get; init; }

    /// <summary>Classifier hyperparameters by scikit-learn name (<c>max_iter</c>); C is overridden by <see cref="CValues"/>.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Patches?.Validate();
        if (ImageSize is < 1 || NetworkSize is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(NetworkSize), $"image and network sizes must be ≥ 1, got {ImageSize} and {NetworkSize}");
        }

        if (LayerSets.Count == 0 || LayerSets.Any(s => s.Count == 0))
        {
            throw new ArgumentException("name at least one set of one or more layers to pool", nameof(LayerSets));
        }

        if (CValues.Any(c => !(c > 0) || !double.IsFinite(c)))
        {
            throw new ArgumentOutOfRangeException(nameof(CValues), $"every C must be a finite number > 0, got [{string.Join(", ", CValues)}]");
        }
    }
}
