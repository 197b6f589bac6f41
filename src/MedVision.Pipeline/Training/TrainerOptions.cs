namespace MedVision.Pipeline.Training;

/// <summary>Settings of <see cref="Trainer"/>; defaults are the seeds/000 CNN's (Adam 1e-3, batch 32, 25 epochs).</summary>
public sealed record TrainerOptions
{
    public int Epochs { get; init; } = 25;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary><c>adam</c>, <c>adamw</c>, <c>sgd</c> (momentum 0.9) or <c>rmsprop</c>.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>Epochs without a better validation loss before stopping; 0 trains all epochs. The best weights are restored either way.</summary>
    public int Patience { get; init; }

    /// <summary>Weight the positive class by negatives/positives in the loss (BCE pos_weight), for unbalanced sets.</summary>
    public bool BalanceClasses { get; init; }

    /// <summary>Seed of weight initialisation, shuffling, dropout and augmentation.</summary>
    public int Seed { get; init; }
}
