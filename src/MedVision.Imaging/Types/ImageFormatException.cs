using MedVision.Io;

namespace MedVision.Imaging;

/// <summary>
/// A file that is not what it claims: truncated, inconsistent header, unsupported encoding, or a size
/// beyond the reader's budget. The message names the file and the field that was wrong; path and detail are
/// sanitised (control characters escaped, length capped) because both may come from a hostile file.
/// </summary>
public sealed class ImageFormatException : FormatException
{
    private const int PathLength = 400;

    public ImageFormatException(string path, string message)
        : this(path, message, null)
    {
    }

    public ImageFormatException(string path, string message, Exception? inner)
        : base($"{MessageText.Sanitise(path, PathLength)}: {MessageText.Sanitise(message, MessageText.MessageLength)}", inner)
    {
        Path = path;
        Detail = MessageText.Sanitise(message, MessageText.MessageLength);
    }

    /// <summary>The file (or entry) that was being read, as given.</summary>
    public string Path { get; }

    /// <summary>What was wrong, without the path.</summary>
    public string Detail { get; }
}
