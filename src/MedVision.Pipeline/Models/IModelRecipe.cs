using MedVision.Pipeline.Data;

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

    /// <summary>
    /// Fits on the fold's training indices (using its validation indices for early stopping where the recipe needs
    /// them; they may be empty) and returns the probability of the positive class for every test index, in order.
    /// </summary>
    FoldRun RunFold(ImageStore store, FoldData fold, IProgress<string>? progress = null);
}

/// <summary>Indices of one split into the image store, and the seed for its random choices.</summary>
public sealed record FoldData(int Index, int[] Train, int[] Validation, int[] Test, int Seed);

/// <summary>What one fold produced.</summary>
/// <param name="TestScores">Probability of the positive class per test index.</param>
/// <param name="History">Per-epoch training history (CNNs), or null.</param>
/// <param name="Artifacts">What the recipe can save or show: a fitted model bundle writer, filters, maps; may be null.</param>
public sealed record FoldRun(double[] TestScores, TrainingHistory? History = null, IFoldArtifacts? Artifacts = null)
{
    /// <summary>Wall-clock seconds the fold took (set by the runner).</summary>
    public double Seconds { get; init; }
}

/// <summary>Per-epoch curves of a trained network.</summary>
public sealed record TrainingHistory(
    IReadOnlyList<double> TrainLoss,
    IReadOnlyList<double> TrainAccuracy,
    IReadOnlyList<double> ValidationLoss,
    IReadOnlyList<double> ValidationAccuracy,
    IReadOnlyList<double> EpochSeconds,
    int BestEpoch);

/// <summary>A fitted fold model's extras for the report and the saved bundle.</summary>
public interface IFoldArtifacts
{
    /// <summary>Writes the fitted model as a bundle (<c>model.json</c> + weights) into <paramref name="folder"/>.</summary>
    void SaveBundle(string folder, BundleInfo info);
}

/// <summary>What a saved bundle records besides the weights.</summary>
public sealed record BundleInfo(string Name, IReadOnlyList<string> ClassNames, string? Preprocess, double Threshold);
