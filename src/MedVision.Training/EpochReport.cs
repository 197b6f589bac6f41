namespace MedVision.Training;

/// <summary>What the trainer reports after each epoch.</summary>
public sealed record EpochReport(int Epoch, int Epochs, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, double Seconds);
