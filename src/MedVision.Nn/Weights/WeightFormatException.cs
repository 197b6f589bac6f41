using MedVision.Io;

namespace MedVision.Nn.Weights;

/// <summary>
/// A weight file (safetensors, PyTorch checkpoint, <c>.npy</c>) that is malformed, inconsistent or refused.
/// <see cref="FileName"/> names the file (or the in-memory source) and the message says what was wrong; the
/// message is sanitised (control characters escaped, length capped) because it may quote a hostile file.
/// </summary>
public class WeightFormatException : FormatException
{
    public WeightFormatException()
    {
        FileName = string.Empty;
    }

    public WeightFormatException(string message)
        : base(MessageText.Sanitise(message, MessageText.MessageLength))
    {
        FileName = string.Empty;
    }

    public WeightFormatException(string message, Exception innerException)
        : base(MessageText.Sanitise(message, MessageText.MessageLength), innerException)
    {
        FileName = string.Empty;
    }

    /// <summary>Creates the error for <paramref name="source"/>; the message is prefixed with it.</summary>
    public WeightFormatException(string source, string message, Exception? innerException = null)
        : base($"{MessageText.Sanitise(source, 400)}: {MessageText.Sanitise(message, MessageText.MessageLength)}", innerException)
    {
        FileName = source;
    }

    /// <summary>The file path (or source name) that was being read.</summary>
    public string FileName { get; }
}
