namespace MedVision.Imaging.Io.Dicom;

/// <summary>One data-dictionary row: the tag as (group &lt;&lt; 16) | element, the standard keyword and the value representation.</summary>
public sealed record DicomDictionaryEntry(uint Tag, string Keyword, string Vr);
