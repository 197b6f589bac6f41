using MedVision.Training;

namespace MedVision.Pipeline.Classifier;

/// <summary>
/// Settings of <see cref="ImageClassifier.Fit(string, string, ClassifierOptions?)"/>. The defaults are those of the
/// seeds/000 CNN and of <c>medvision experiment</c>: Adam at 1e-3, batch 32, 25 epochs, no augmentation, 20 % of the
/// images (whole groups, stratified) held out for early stopping, the Youden threshold and the Platt calibration.
/// </summary>
public sealed record ClassifierOptions
{
    /// <summary>Training epochs of a CNN (default 25); feature pipelines ignore it.</summary>
    public int Epochs { get; init; } = 25;

    /// <summary>Mini-batch size of a CNN (default 32).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam's learning rate for a CNN (default 1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Stop a CNN when the validation loss has not improved for this many epochs; 0 (default) trains every epoch. The best epoch's weights are kept either way.</summary>
    public int Patience { get; init; }

    /// <summary>Seed of the split, the initial weights, shuffling and augmentation (default 0): the same seed, data and thread count give the same model.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Threads of the numeric kernels during this fit (a <see cref="Tensors.Parallelism.Scope(int)"/>: other fits running
    /// at the same time and the process-wide setting are not affected); 0 (default) uses every core.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>Share of the images held out as the validation part (default 0.2), in (0, 1): early stopping, the threshold and the calibration are fitted on it.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Square side images are resized to for a CNN; null (default) keeps the data's size, which must then be one size.</summary>
    public int? ImageSize { get; init; }

    /// <summary>On-the-fly training augmentation of a CNN: <c>keras</c> (seeds/000's ImageDataGenerator) or <c>dihedral</c> (flips and quarter turns); null (default) for none.</summary>
    public string? Augmentation { get; init; }

    /// <summary>Preprocessing chain applied to every image before anything else, e.g. <c>median:3,clahe:clip=0.01</c>; recorded in the bundle. Null (default) for none.</summary>
    public string? Preprocess { get; init; }

    /// <summary>Per-channel mean subtracted from the scaled CNN input (set with <see cref="Std"/>); null (default) for none.</summary>
    public IReadOnlyList<float>? Mean { get; init; }

    /// <summary>Per-channel deviation the CNN input is divided by after <see cref="Mean"/>; null (default) for none.</summary>
    public IReadOnlyList<float>? Std { get; init; }

    /// <summary>
    /// How the binary decision threshold is chosen on the validation part: <c>youden</c> (default),
    /// <c>best_accuracy</c> or <c>target_sensitivity</c> (at <see cref="TargetSensitivity"/>); null keeps 0.5 (a
    /// feature pipeline then also learns from the validation part).
    /// </summary>
    public string? ThresholdRule { get; init; } = "youden";

    /// <summary>The sensitivity <c>target_sensitivity</c> aims at (default 0.9).</summary>
    public double TargetSensitivity { get; init; } = 0.9;

    /// <summary>Binary data: the class whose probability the model scores; null (default) is the second class in name order.</summary>
    public string? PositiveClass { get; init; }

    /// <summary>Called after every CNN epoch, on the training thread, with its losses, accuracies and seconds; null (default) for none.</summary>
    public Action<EpochReport>? Progress { get; init; }

    /// <summary>Called with each step of the fit as a line (split, best epoch, threshold warnings); null (default) for none.</summary>
    public Action<string>? Log { get; init; }
}
