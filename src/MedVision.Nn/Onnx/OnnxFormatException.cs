using MedVision.Nn.Weights;

namespace MedVision.Nn.Onnx;

/// <summary>
/// An ONNX file that is malformed, refused, or does not fit the architecture it is imported into.
/// <see cref="WeightFormatException.FileName"/> names the file and the message says what was wrong.
/// </summary>
public class OnnxFormatException : WeightFormatException
{
    public OnnxFormatException()
    {
    }

    public OnnxFormatException(string message)
        : base(message)
    {
    }

    public OnnxFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error for <paramref name="source"/>; the message is prefixed with it.</summary>
    public OnnxFormatException(string source, string message, Exception? innerException = null)
        : base(source, message, innerException)
    {
    }
}
