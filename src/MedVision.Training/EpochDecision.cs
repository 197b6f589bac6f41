namespace MedVision.Training;

/// <summary>What a callback's <see cref="ITrainingCallback.OnEpochEnd"/> asks for.</summary>
public enum EpochDecision
{
    /// <summary>Train the next epoch, if any.</summary>
    Continue,

    /// <summary>Make this epoch the last.</summary>
    Stop,
}
