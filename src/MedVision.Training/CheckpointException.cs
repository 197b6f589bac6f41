namespace MedVision.Training;

/// <summary>A training checkpoint that cannot be used: unreadable, or written for other settings or data; the message names the file.</summary>
public sealed class CheckpointException(string message) : Exception(message);
