namespace MedVision.Pipeline.Pacs;

/// <summary>The outcome of classifying one study: a result per classified image, why other instances were skipped, and how many instances were stored back.</summary>
public sealed record StudyClassification(string StudyInstanceUid, IReadOnlyList<PacsResult> Results, IReadOnlyList<string> Skipped, int Stored);
