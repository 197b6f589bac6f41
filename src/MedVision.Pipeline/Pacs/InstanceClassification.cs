namespace MedVision.Pipeline.Pacs;

/// <summary>One classified instance: its result row, and the PS3.10 bytes of the secondary capture and the structured report written for it.</summary>
public sealed record InstanceClassification(PacsResult Result, byte[] SecondaryCapture, byte[] StructuredReport);
