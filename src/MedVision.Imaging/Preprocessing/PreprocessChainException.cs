namespace MedVision.Imaging.Preprocessing;

/// <summary>A chain text that cannot be parsed; the message names the step (1-based position and name) and the bad part.</summary>
public sealed class PreprocessChainException : FormatException
{
    public PreprocessChainException()
    {
    }

    public PreprocessChainException(string message)
        : base(message)
    {
    }

    public PreprocessChainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
