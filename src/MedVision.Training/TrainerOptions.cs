using System.Text.Json.Serialization;

namespace MedVision.Training;

/// <summary>
/// Settings of <see cref="Trainer"/>; defaults are the seeds/000 CNN's (Adam 1e-3, batch 32, 25 epochs, constant
/// rate). The fine-tuning settings (<see cref="FreezeEpochs"/>, <see cref="LrRatio"/>, <see cref="Schedule"/>
/// <c>onecycle</c>, <see cref="LrFind"/>) together give fastai's <c>fine_tune</c> (seeds/001).
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Epochs of training (after the <see cref="FreezeEpochs"/>).</summary>
    public int Epochs { get; init; } = 25;

    public int BatchSize { get; init; } = 32;

    /// <summary>The (maximum) learning rate of the head; earlier layers get less when <see cref="LrRatio"/> &gt; 1.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary><c>adam</c>, <c>adamw</c>, <c>sgd</c> (momentum 0.9) or <c>rmsprop</c>.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>
    /// Learning-rate schedule, stepped after every batch: <c>constant</c>; <c>onecycle</c>
    /// (<c>torch.optim.lr_scheduler.OneCycleLR</c> with PyTorch's defaults, one cycle per phase, β₁/momentum cycled too);
    /// <c>cosine</c> (cosine annealing to 0 over the phase, no warm-up); <c>step</c> (×0.1 every <see cref="StepEpochs"/>).
    /// </summary>
    public string Schedule { get; init; } = "constant";

    /// <summary>Epochs between decays of the <c>step</c> schedule; 0 (default) = a third of the epochs.</summary>
    public int StepEpochs { get; init; }

    /// <summary>
    /// Run the learning-rate range test first (exponential sweep 1e-7 … 10 over up to 100 batches on a copy of the
    /// weights, which are then restored) and train at its suggestion instead of <see cref="LearningRate"/>.
    /// </summary>
    public bool LrFind { get; init; }

    /// <summary>
    /// Epochs that train only the head (the last <c>Linear</c> layer) before every layer is unfrozen; 0 (default)
    /// trains everything from the start. As fastai's <c>fine_tune</c>, the unfrozen phase then uses half the rate.
    /// </summary>
    public int FreezeEpochs { get; init; }

    /// <summary>
    /// Discriminative rates: one parameter group per top-level layer that has parameters, from the input to the
    /// head, with rates spaced geometrically from <c>lr / LrRatio</c> to <c>lr</c> (fastai's <c>slice(lr / ratio, lr)</c>).
    /// 1 (default) gives every layer the same rate.
    /// </summary>
    public double LrRatio { get; init; } = 1;

    /// <summary>Clip the global L2 norm of the gradients to this value before each step (<c>clip_grad_norm_</c>); 0 = no clipping.</summary>
    public double ClipGradNorm { get; init; }

    /// <summary>Epochs without a better validation loss before stopping; 0 trains all epochs. The best weights are restored either way.</summary>
    public int Patience { get; init; }

    /// <summary>
    /// Weight the classes in the loss for unbalanced sets: binary, the positive class by negatives/positives (BCE
    /// pos_weight); K classes, class k by n / (K·n_k) (scikit-learn's <c>compute_class_weight('balanced')</c>, a class
    /// absent from the training images weighing 0).
    /// </summary>
    public bool BalanceClasses { get; init; }

    /// <summary>
    /// Classes the network tells apart. 0 or 2 (default 0): binary, one logit trained with BCE-with-logits; K ≥ 3: K
    /// logits trained with softmax cross-entropy (<c>nn.CrossEntropyLoss</c>). Left out of the fingerprint when 0, so
    /// binary checkpoints stay valid.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Classes { get; init; }

    /// <summary>Label smoothing ε of the K-class cross-entropy (PyTorch's <c>label_smoothing</c>), in [0, 1); needs <see cref="Classes"/> ≥ 3.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double LabelSmoothing { get; init; }

    /// <summary>Whether the network has K &gt; 2 logits (softmax) rather than one (sigmoid).</summary>
    /// <summary>
    /// What the augmentation hook given to <c>Fit</c> does (e.g. <c>keras</c>, <c>dihedral</c> or a list of steps), so
    /// that a checkpoint of one augmentation is not resumed under another; null when that is not known.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Augmentation { get; init; }

    [JsonIgnore]
    public bool IsMulticlass => Classes > 2;

    /// <summary>
    /// How each epoch's batches are drawn: <c>shuffle</c> (every sample once, in a new random order) or <c>balanced</c>
    /// (as many draws as samples, with replacement, each class equally likely: PyTorch's <c>WeightedRandomSampler</c>).
    /// </summary>
    public string Sampling { get; init; } = "shuffle";

    /// <summary>Seed of shuffling, sampling, dropout, augmentation and the learning-rate finder.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Folder of the resumable checkpoint (<c>checkpoint.safetensors</c>), written atomically after every epoch; when
    /// one exists <see cref="Trainer.Fit"/> resumes from it. Null (default) keeps no checkpoint.
    /// </summary>
    public string? CheckpointDirectory { get; init; }
}
