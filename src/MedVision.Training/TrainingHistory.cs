using MedVision.Nn.Schedules;

namespace MedVision.Training;

/// <summary>Per-epoch curves of a trained network; <paramref name="BestEpoch"/> counts from 0.</summary>
public sealed record TrainingHistory(
    IReadOnlyList<double> TrainLoss,
    IReadOnlyList<double> TrainAccuracy,
    IReadOnlyList<double> ValidationLoss,
    IReadOnlyList<double> ValidationAccuracy,
    IReadOnlyList<double> EpochSeconds,
    int BestEpoch)
{
    /// <summary>The head's (maximum) learning rate the network was trained with: the configured one or the finder's suggestion.</summary>
    public double LearningRate { get; init; } = double.NaN;

    /// <summary>Validation ROC AUC per epoch (NaN where undefined); empty when not recorded.</summary>
    public IReadOnlyList<double> ValidationAuc { get; init; } = [];

    /// <summary>The learning-rate range test's curve and suggestion, when it ran.</summary>
    public LrFinderResult? LrFinder { get; init; }
}
