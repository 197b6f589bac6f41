namespace MedVision.Imaging;

/// <summary>
/// A file that is not what it claims: truncated, inconsistent header, unsupported encoding, or a size
/// beyond the reader's budget. The message names the file and the field that was wrong.
/// </summary>
public sealed class ImageFormatException : FormatException
{
    public ImageFormatException(string path, string message)
        : base($"{path}: {message}")
    {
        Path = path;
        Detail = message;
    }

    public ImageFormatException(string path, string message, Exception inner)
        : base($"{path}: {message}", inner)
    {
        Path = path;
        Detail = message;
    }

    /// <summary>The file (or entry) that was being read.</summary>
    public string Path { get; }

    /// <summary>What was wrong, without the path.</summary>
    public string Detail { get; }
}
