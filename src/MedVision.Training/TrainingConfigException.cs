namespace MedVision.Training;

/// <summary>
/// A training setting written by name that cannot be used: an unknown optimiser, schedule, loss or augmentation, or a
/// parameter out of range. The message names the setting, what was given and what is accepted.
/// </summary>
public sealed class TrainingConfigException(string message) : FormatException(message);
