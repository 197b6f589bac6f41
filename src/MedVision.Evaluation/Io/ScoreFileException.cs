namespace MedVision.Evaluation;

/// <summary>A score CSV that cannot be read; the message names the file, the line and, where one is at fault, the column.</summary>
public sealed class ScoreFileException : FormatException
{
    public ScoreFileException()
    {
    }

    public ScoreFileException(string message)
        : base(message)
    {
    }

    public ScoreFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
