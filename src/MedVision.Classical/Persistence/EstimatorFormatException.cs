namespace MedVision.Classical.Persistence;

/// <summary>
/// A saved estimator that is malformed or inconsistent: a missing field, a wrong type, an array of the wrong length,
/// an index out of range. <see cref="FileName"/> names the file (or in-memory source) and <see cref="Field"/> the JSON
/// path of the offending value (<c>classifier.trees[3].left</c>).
/// </summary>
public class EstimatorFormatException : FormatException
{
    public EstimatorFormatException()
    {
        FileName = string.Empty;
        Field = string.Empty;
    }

    public EstimatorFormatException(string message)
        : base(message)
    {
        FileName = string.Empty;
        Field = string.Empty;
    }

    public EstimatorFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = string.Empty;
        Field = string.Empty;
    }

    /// <summary>Creates the error for <paramref name="field"/> of <paramref name="source"/>; the message names both.</summary>
    public EstimatorFormatException(string source, string field, string message, Exception? innerException = null)
        : base($"{source}: {field}: {message}", innerException)
    {
        FileName = source;
        Field = field;
        Detail = message;
    }

    /// <summary>The file path (or source name) that was being read.</summary>
    public string FileName { get; }

    /// <summary>JSON path of the offending value.</summary>
    public string Field { get; }

    /// <summary>What is wrong with the value, without the source and field.</summary>
    public string Detail { get; } = string.Empty;
}
