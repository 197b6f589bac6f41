using System.Text.Json.Serialization;

namespace MedVision.Training;

/// <summary>
/// Settings of <see cref="Trainer"/>; defaults are the seeds/000 CNN's (Adam 1e-3, batch 32, 25 epochs, constant
/// rate). The fine-tuning settings (<see cref="FreezeEpochs"/>, <see cref="LrRatio"/>, <see cref="Schedule"/>
/// <see cref="ScheduleFactory.OneCycle"/>, <see cref="LrFind"/>) together give fastai's <c>fine_tune</c> (seeds/001).
/// Choices are typed values with their parameters; configs name them through <see cref="TrainingChoices"/>.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Epochs of training (after the <see cref="FreezeEpochs"/>).</summary>
    public int Epochs { get; init; } = 25;

    public int BatchSize { get; init; } = 32;

    /// <summary>The (maximum) learning rate of the head; earlier layers get less when <see cref="LrRatio"/> &gt; 1.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The optimiser (default <see cref="OptimizerFactory.Adam"/>); configs name it <c>adam</c>, <c>adamw</c>, <c>sgd</c> or <c>rmsprop</c>.</summary>
    public OptimizerFactory Optimizer { get; init; } = new OptimizerFactory.Adam();

    /// <summary>
    /// Learning-rate schedule, stepped after every batch, run once per phase (default
    /// <see cref="ScheduleFactory.Constant"/>); configs name it <c>constant</c>, <c>onecycle</c>, <c>cosine</c> or <c>step</c>.
    /// </summary>
    public ScheduleFactory Schedule { get; init; } = new ScheduleFactory.Constant();

    /// <summary>
    /// Run the learning-rate range test first (<see cref="LrFinder"/>: exponential sweep 1e-7 … 10 over up to 100
    /// batches on a copy of the weights, which are then restored) and train at its suggestion instead of <see cref="LearningRate"/>.
    /// </summary>
    public bool LrFind { get; init; }

    /// <summary>
    /// Epochs that train only the head (the last <c>Linear</c> layer) before every layer is unfrozen; 0 (default)
    /// trains everything from the start. As fastai's <c>fine_tune</c>, the unfrozen phase then uses half the rate
    /// (<see cref="TrainingPhase.FineTune"/>).
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

    /// <summary>Epochs without a better monitored value (<see cref="Monitor"/>) before stopping (<see cref="EarlyStopping"/>); 0 trains all epochs.</summary>
    public int Patience { get; init; }

    /// <summary>What picks the best epoch and drives early stopping: the validation loss (default) or the validation AUC.</summary>
    public TrainingMonitor Monitor { get; init; }

    /// <summary>Load the best epoch's weights at the end (default true), whether or not training stopped early.</summary>
    public bool RestoreBestWeights { get; init; } = true;

    /// <summary>
    /// Classes the network tells apart. 0 or 2 (default 0): binary, one logit; K ≥ 3: K logits. The <see cref="Loss"/>
    /// must fit (<see cref="LossFactory.ForClasses"/> gives the one that does).
    /// </summary>
    public int Classes { get; init; }

    /// <summary>
    /// The training loss (default <see cref="LossFactory.BinaryCrossEntropy"/> without class weights); K-class networks
    /// take <see cref="LossFactory.CrossEntropy"/> (class weights, label smoothing).
    /// </summary>
    public LossFactory Loss { get; init; } = new LossFactory.BinaryCrossEntropy();

    /// <summary>
    /// What the augmentation hook given to <c>Fit</c> does (e.g. <c>keras</c>, <c>dihedral</c> or a list of steps), so
    /// that a checkpoint of one augmentation is not resumed under another; null when that is not known.
    /// </summary>
    public string? Augmentation { get; init; }

    /// <summary>Whether the network has K &gt; 2 logits (softmax) rather than one (sigmoid).</summary>
    [JsonIgnore]
    public bool IsMulticlass => Classes > 2;

    /// <summary>How each epoch's batches are drawn (default <see cref="BatchSampling.Shuffle"/>); configs name it <c>shuffle</c> or <c>balanced</c>.</summary>
    public BatchSampling Sampling { get; init; }

    /// <summary>Seed of shuffling, sampling, dropout, augmentation and the learning-rate finder.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Folder of the resumable checkpoint (<c>checkpoint.safetensors</c>, <see cref="Checkpoint"/>), written atomically
    /// after every epoch; when one exists <see cref="Trainer.Fit"/> resumes from it. Null (default) keeps no checkpoint.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>
    /// Callbacks of your own, called after the built-in ones (<see cref="LrFinder"/>, <see cref="EarlyStopping"/>) and before
    /// the <see cref="Checkpoint"/> is written, in this order. Not part of the checkpoint fingerprint: a resumed run must be
    /// given the same ones.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<ITrainingCallback> Callbacks { get; init; } = [];
}
