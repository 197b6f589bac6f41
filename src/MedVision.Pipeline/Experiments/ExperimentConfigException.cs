namespace MedVision.Pipeline.Experiments;

/// <summary>An experiment config that cannot be used; the message names the file and the setting.</summary>
public sealed class ExperimentConfigException(string message) : FormatException(message);
