namespace MedVision.Training;

/// <summary>What the trainer reports after each epoch.</summary>
public sealed record EpochReport(int Epoch, int Epochs, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, double Seconds)
{
    /// <summary>ROC AUC on the validation data (K classes: macro one-vs-rest over the classes present); NaN without validation data or with one class in it.</summary>
    public double ValidationAuc { get; init; } = double.NaN;
}
