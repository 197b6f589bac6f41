using MedVision.Pipeline.Pacs;

namespace MedVision.Web.DicomWeb;

/// <summary>Settings of the STOW-RS receiver (<see cref="StowRsEndpoints.MapStowRs"/>).</summary>
public sealed record StowOptions
{
    /// <summary>
    /// Folder that receives the instances, as <c>{Inbox}/{StudyInstanceUID}/{SOPInstanceUID}.dcm</c> (the bytes as sent);
    /// classification results go to <c>{Inbox}/results.csv</c> and the secondary captures and reports written for them
    /// to <c>{Inbox}/{StudyInstanceUID}/medvision/</c>. Required.
    /// </summary>
    public required string Inbox { get; init; }

    /// <summary>Route prefix of the service: POST <c>{Root}/studies</c> and <c>{Root}/studies/{study}</c>. Default <c>/dicomweb</c>.</summary>
    public string Root { get; init; } = "/dicomweb";

    /// <summary>Largest request body accepted, in bytes; larger requests get 413. Default 1 GiB.</summary>
    public long MaxRequestBytes { get; init; } = 1L << 30;

    /// <summary>Most instances accepted in one request. Default 10 000.</summary>
    public int MaxParts { get; init; } = 10_000;

    /// <summary>When set, every single-frame image received is classified and its result appended to <c>results.csv</c>.</summary>
    public PacsClassifier? Classifier { get; init; }
}
