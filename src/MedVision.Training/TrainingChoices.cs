using MedVision.Nn.Zoo;

namespace MedVision.Training;

/// <summary>
/// The training settings that configs name (<c>optimizer: adam</c>, <c>schedule: onecycle</c>, <c>sampling: balanced</c>, <c>init: layer-defaults</c>),
/// one table each: name → typed value with its default parameters, and what it does. Config parsing, error messages,
/// the documentation and the test suites read the choices from here; nothing else lists them.
/// </summary>
public static class TrainingChoices
{
    /// <summary><c>optimizer:</c>, each with PyTorch's defaults (SGD with momentum 0.9).</summary>
    public static NamedTable<OptimizerFactory> Optimizers { get; } = new("optimizer",
    [
        new("adam", "Adam (torch.optim.Adam; β = 0.9, 0.999, ε = 1e-8, no weight decay); the default", new OptimizerFactory.Adam()),
        new("adamw", "AdamW: Adam with decoupled weight decay 0.01 (torch.optim.AdamW)", new OptimizerFactory.AdamW()),
        new("sgd", "SGD with momentum 0.9 (torch.optim.SGD)", new OptimizerFactory.Sgd()),
        new("rmsprop", "RMSprop (torch.optim.RMSprop; α = 0.99, ε = 1e-8)", new OptimizerFactory.RmsProp()),
    ]);

    /// <summary><c>schedule:</c>, stepped after every batch, one run of it per training phase.</summary>
    public static NamedTable<ScheduleFactory> Schedules { get; } = new("schedule",
    [
        new("constant", "the learning rate throughout; the default", new ScheduleFactory.Constant()),
        new("onecycle", "one cycle per phase (torch.optim.lr_scheduler.OneCycleLR with PyTorch's defaults; β₁/momentum cycled too)", new ScheduleFactory.OneCycle()),
        new("cosine", "cosine annealing to 0 over the phase, no warm-up", new ScheduleFactory.Cosine()),
        new("step", "×gamma (0.1) every step_epochs epochs (default a third of the phase)", new ScheduleFactory.Step()),
        new("multistep", "×gamma (0.1) at each of the milestones epochs (torch.optim.lr_scheduler.MultiStepLR; default half and three quarters of the phase)", new ScheduleFactory.MultiStep()),
    ]);

    /// <summary>The classification losses; configs choose between them by the number of classes (and <c>label_smoothing</c>).</summary>
    public static NamedTable<LossFactory> Losses { get; } = new("loss",
    [
        new("bce_with_logits", "two classes: one logit, BCE with logits (nn.BCEWithLogitsLoss), pos_weight = negatives/positives with balance_classes", new LossFactory.BinaryCrossEntropy()),
        new("cross_entropy", "three or more classes: softmax cross-entropy (nn.CrossEntropyLoss), balanced class weights with balance_classes, label_smoothing", new LossFactory.CrossEntropy()),
    ]);

    /// <summary><c>sampling:</c>, how each epoch's batches are drawn.</summary>
    public static NamedTable<BatchSampling> Samplings { get; } = new("sampling",
    [
        new("shuffle", "every sample once per epoch, in a new random order; the default", BatchSampling.Shuffle),
        new("balanced", "as many draws as samples, with replacement, each class equally likely (WeightedRandomSampler)", BatchSampling.Balanced),
    ]);

    /// <summary><c>monitor:</c>, what picks the best epoch and drives early stopping.</summary>
    public static NamedTable<TrainingMonitor> Monitors { get; } = new("monitor",
    [
        new("loss", "the lowest validation loss; the default", TrainingMonitor.Loss),
        new("auc", "the highest validation ROC AUC (K classes: macro one-vs-rest), as MedMNIST selects its models", TrainingMonitor.Auc),
    ]);

    /// <summary>How a zoo network's initial weights are drawn: config key <c>init</c>.</summary>
    public static NamedTable<ZooInit> Inits { get; } = new("init",
    [
        new("reference", "as the architecture's reference implementation (torchvision's init for its ResNets and VGGs); the default", ZooInit.Reference),
        new("layer-defaults", "every convolution and linear layer as PyTorch's reset_parameters leaves it, batch norm at 1 and 0: a network written without an init of its own, such as MedMNIST's ResNet-18", ZooInit.LayerDefaults),
    ]);
}
