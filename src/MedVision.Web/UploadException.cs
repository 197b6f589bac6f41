namespace MedVision.Web;

/// <summary>
/// A request the service refuses with a 4xx answer: <see cref="Status"/> (400 malformed, 404 unknown model,
/// 413 too large, 415 not an image format it reads), a short <see cref="Title"/> and the message as detail.
/// Messages name the upload as "upload", never by the client's file name.
/// </summary>
public sealed class UploadException(int status, string title, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>HTTP status code of the answer.</summary>
    public int Status { get; } = status;

    /// <summary>Problem-details title.</summary>
    public string Title { get; } = title;
}
