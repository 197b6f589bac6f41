namespace MedVision.Data.DicomWeb;

/// <summary>What a STOW-RS server answered: the SOP Instance UIDs it stored and those it refused (with the Failure Reason code).</summary>
public sealed record StowResult(IReadOnlyList<string> Stored, IReadOnlyList<(string SopInstanceUid, int Reason)> Failed);
