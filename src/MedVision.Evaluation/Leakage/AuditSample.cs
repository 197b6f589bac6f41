namespace MedVision.Evaluation;

/// <summary>
/// One sample for the leakage audit: its id, group (patient, source image; null when unknown), split
/// ("train", "validation", "test"…; null when unsplit), class label, and an accessor that returns its pixels.
/// The accessor may be called more than once and from several threads (to confirm near-duplicates on the full pixels).
/// </summary>
public sealed record AuditSample(string Id, string? Group, string? Split, int Label, Func<AuditPixels> Pixels);
