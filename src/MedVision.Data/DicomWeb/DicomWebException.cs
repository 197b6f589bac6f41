using System.Net;

namespace MedVision.Data.DicomWeb;

/// <summary>A DICOMweb request failed or its answer was malformed; the message names the method and URL.</summary>
public sealed class DicomWebException : Exception
{
    public DicomWebException(string url, string message, HttpStatusCode? status = null, Exception? inner = null)
        : base($"{url}: {message}", inner)
    {
        Url = url;
        Status = status;
    }

    public DicomWebException()
        : this(string.Empty, "DICOMweb request failed")
    {
    }

    public DicomWebException(string message)
        : this(string.Empty, message)
    {
    }

    public DicomWebException(string message, Exception inner)
        : this(string.Empty, message, null, inner)
    {
    }

    /// <summary>The request ("GET http://…/studies?…").</summary>
    public string Url { get; } = string.Empty;

    /// <summary>The HTTP status, when the server answered.</summary>
    public HttpStatusCode? Status { get; }
}
