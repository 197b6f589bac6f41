namespace MedVision.Pipeline.Bundles;

/// <summary>
/// A model bundle folder that cannot be used: a missing file, a malformed <c>model.json</c>, weights that do not fit
/// the architecture. <see cref="FileName"/> names the file and <see cref="Field"/> the JSON path or weight name at fault.
/// </summary>
public sealed class BundleFormatException : FormatException
{
    public BundleFormatException()
    {
        FileName = string.Empty;
        Field = string.Empty;
    }

    public BundleFormatException(string message)
        : base(message)
    {
        FileName = string.Empty;
        Field = string.Empty;
    }

    public BundleFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = string.Empty;
        Field = string.Empty;
    }

    /// <summary>The error for <paramref name="field"/> of <paramref name="file"/>; the message names both.</summary>
    public BundleFormatException(string file, string field, string message, Exception? innerException = null)
        : base(field.Length == 0 ? $"{file}: {message}" : $"{file}: {field}: {message}", innerException)
    {
        FileName = file;
        Field = field;
    }

    /// <summary>The file at fault.</summary>
    public string FileName { get; }

    /// <summary>The JSON path or weight name at fault; empty when the whole file is.</summary>
    public string Field { get; }
}
