namespace MedVision.Imaging;

/// <summary>No random patch could be placed as asked; <see cref="Impossible"/> tells a mask that admits no placement at all from a search that ran out of tries.</summary>
public sealed class PatchSamplingException(string message, bool impossible) : InvalidOperationException(message)
{
    /// <summary>True when no position of the mask satisfies the containment rule.</summary>
    public bool Impossible { get; } = impossible;
}
