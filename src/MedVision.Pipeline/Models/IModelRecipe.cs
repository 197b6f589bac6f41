using MedVision.Classical;
using MedVision.Data;
using MedVision.Imaging;
using MedVision.Imaging.Features;
using MedVision.Nn;
using MedVision.Nn.Patches;
using MedVision.Tensors;
using MedVision.Training;

namespace MedVision.Pipeline.Models;

/// <summary>
/// How one named model of an experiment is trained and applied on one split: a CNN trained by the trainer, or a
/// feature pipeline (features → scaler → classifier). The runner calls <see cref="RunFold"/> once per fold with
/// disjoint index sets into the image store.
/// </summary>
public interface IModelRecipe
{
    /// <summary>The model's name as configured (<c>seed-cnn</c>, <c>wavelet-rf</c>).</summary>
    string Name { get; }

    /// <summary><c>cnn</c> or <c>features</c> (results.json's <c>kind</c>).</summary>
    string Kind { get; }

    /// <summary>Whether the fitted model can be saved as a bundle (<c>models/&lt;name&gt;/</c>); every recipe of the catalog can.</summary>
    bool CanBundle => true;

    /// <summary>
    /// Fits on the fold's training indices (using its validation indices for early stopping where the recipe needs
    /// them; they may be empty) and returns the probability of the positive class for every test index, in order
    /// (K-class data: the K class probabilities of every test index, <see cref="ScoreColumns"/>).
    /// </summary>
    FoldRun RunFold(ImageStore store, FoldData fold, IProgress<string>? progress = null);
}

/// <summary>Indices of one split into the image store, and the seed for its random choices.</summary>
public sealed record FoldData(int Index, int[] Train, int[] Validation, int[] Test, int Seed)
{
    /// <summary>Folder for the fold's training checkpoints and its finished-fold record; null keeps none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>
    /// Also score the validation images with the fold's model, which must not have learnt from them (thresholds are
    /// chosen on these scores, <see cref="Experiments.ValidationThreshold"/>): a feature pipeline then fits on the
    /// training images only.
    /// </summary>
    public bool ScoreValidation { get; init; }
}

/// <summary>What one fold produced.</summary>
/// <param name="TestScores">Probability of the positive class per test index; K-class data: K class probabilities per test index, row-major.</param>
/// <param name="History">Per-epoch training history (CNNs), or null.</param>
/// <param name="Network">The fold's trained network and how its inputs are prepared (CNNs), or null.</param>
/// <param name="Features">The fold's feature extractor and fitted scaler → classifier pipeline (feature recipes), or null.</param>
/// <param name="TestFeatures">The classifier's input for each test index, one row each (feature pipelines: the scaled feature vectors), or null.</param>
/// <param name="PatchModel">
/// The fold's trained patch network (<see cref="PatchRecipe"/>), or null. Kept apart from <paramref name="Network"/>,
/// whose readers (Grad-CAM, filters and penultimate features of the report) need a network that takes whole images.
/// </param>
public sealed record FoldRun(double[] TestScores, TrainingHistory? History = null, TrainedNetwork? Network = null, FittedFeatures? Features = null,
    FeatureMatrix? TestFeatures = null, TrainedPatchNetwork? PatchModel = null)
{
    /// <summary>Wall-clock seconds the fold took (set by the runner).</summary>
    public double Seconds { get; init; }

    /// <summary>Probability of the positive class per validation index, when <see cref="FoldData.ScoreValidation"/> asked for them; else null.</summary>
    public double[]? ValidationScores { get; init; }

    /// <summary>The fold's fitted deep-feature model (<see cref="DeepFeatureRecipe"/> on a zoo network), or null.</summary>
    public DeepFeatureModel? DeepFeatures { get; init; }
}

/// <summary>A network trained on one fold, in eval mode, with how a stored image becomes its input (<see cref="InputSpec"/>).</summary>
public sealed record TrainedNetwork(Module Model, string Architecture, InputSpec Input)
{
    public int Channels => Input.Channels;

    public int InputHeight => Input.Height!.Value;

    public int InputWidth => Input.Width!.Value;

    /// <summary>
    /// <paramref name="images"/> as the network sees them: each resized (bilinear) to the input size when it differs,
    /// returned as images, and stacked, scaled and normalised into an (N, C, H, W) tensor.
    /// </summary>
    public (Tensor Input, Image[] Resized) Prepare(IReadOnlyList<Image> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var resized = images.Select(Input.Resize).ToArray();
        return (Input.Tensor(resized), resized);
    }
}

/// <summary>
/// A patch network trained on one fold, in eval mode: <paramref name="Model"/> wraps the zoo network
/// <paramref name="Architecture"/> (built for channels × size × size patches) and scores whole images as
/// <paramref name="Input"/> gives them (its height and width are the images', not the patches').
/// </summary>
public sealed record TrainedPatchNetwork(PatchNetwork Model, string Architecture, InputSpec Input);

/// <summary>A feature pipeline fitted on one fold: the extractor applied to every image and the fitted scaler → classifier.</summary>
public sealed record FittedFeatures(IImageFeatureExtractor Extractor, IFittedClassifier Pipeline);
