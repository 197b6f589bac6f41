namespace MedVision.Training;

/// <summary>What picks the best epoch and drives early stopping (Keras' <c>monitor</c>); without validation data, the training loss either way.</summary>
public enum TrainingMonitor
{
    /// <summary>The lowest validation loss.</summary>
    Loss,

    /// <summary>
    /// The highest validation ROC AUC (K classes: the macro mean of the one-vs-rest AUCs of the classes present), as
    /// MedMNIST's training selects its models.
    /// </summary>
    Auc,
}
