namespace MedVision.Data.DicomWeb;

/// <summary>Limits of a <see cref="DicomWebClient"/>: what a server may send back before the answer is refused.</summary>
public sealed record DicomWebOptions
{
    /// <summary>Largest response body read, in bytes (a whole study for WADO-RS). Default 2 GiB − 1 (a .NET array's limit).</summary>
    public long MaxResponseBytes { get; init; } = Array.MaxLength;

    /// <summary>Most parts accepted in one multipart answer (instances of a study). Default 100 000.</summary>
    public int MaxParts { get; init; } = 100_000;

    /// <summary>Time allowed for one request, including reading its body. Default 10 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
}
