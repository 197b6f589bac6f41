namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// Identity of a new instance derived from a source instance (a secondary capture or a structured report): the new
/// series it goes into and its own SOP Instance UID. Study and patient come from the source.
/// </summary>
/// <param name="SeriesInstanceUid">The new series' UID (shared by the instances of one run and kind).</param>
/// <param name="SeriesNumber">(0020,0011).</param>
/// <param name="SeriesDescription">(0008,103E), at most 64 characters.</param>
/// <param name="SopInstanceUid">The new instance's UID.</param>
/// <param name="InstanceNumber">(0020,0013), 1 for the first instance of the series.</param>
public sealed record DicomDerivedInstance(string SeriesInstanceUid, int SeriesNumber, string SeriesDescription, string SopInstanceUid, int InstanceNumber)
{
    /// <summary>Manufacturer (0008,0070) of every instance MedVision writes; how its own results are told from acquired images.</summary>
    public const string Manufacturer = "MedVision";

    /// <summary>When the instance is created: its content and instance creation date and time (UTC). Default: now.</summary>
    public DateTime Created { get; init; } = DateTime.UtcNow;

    /// <summary>Attributes of the patient and study that a derived instance copies from its source (plus all of group 0010).</summary>
    public static IReadOnlyList<string> StudyKeywords { get; } =
    [
        "SpecificCharacterSet", "StudyDate", "StudyTime", "AccessionNumber", "IssuerOfAccessionNumberSequence", "ReferringPhysicianName",
        "StudyDescription", "StudyInstanceUID", "StudyID",
    ];

    /// <summary>
    /// A builder holding the source's patient module (every group 0010 attribute) and general study module, this
    /// instance's series, SOP common and equipment attributes; text in the source's character set.
    /// </summary>
    internal DicomDatasetBuilder Start(DicomDataset source, string sopClassUid, string modality)
    {
        ArgumentNullException.ThrowIfNull(source);
        _ = DicomInstanceReference.Of(source);
        var utf8 = source.GetString("SpecificCharacterSet")?.Contains("ISO_IR 192", StringComparison.Ordinal) == true;
        var builder = new DicomDatasetBuilder(utf8 ? System.Text.Encoding.UTF8 : null);
        foreach (var e in source.Elements.Where(e => e.Tag.Group == 0x0010))
        {
            builder.Copy(e);
        }

        builder.Copy(source, [.. StudyKeywords]);
        foreach (var keyword in new[] { "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyDate", "StudyTime", "ReferringPhysicianName", "StudyID", "AccessionNumber" })
        {
            if (!builder.Contains(keyword))
            {
                builder.SetText(keyword, null); // type 2: present, possibly empty
            }
        }

        var date = Created.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var time = Created.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return builder
            .SetText("SOPClassUID", sopClassUid)
            .SetText("SOPInstanceUID", SopInstanceUid)
            .SetText("InstanceCreationDate", date)
            .SetText("InstanceCreationTime", time)
            .SetText("ContentDate", date)
            .SetText("ContentTime", time)
            .SetText("Modality", modality)
            .SetText("SeriesInstanceUID", SeriesInstanceUid)
            .SetNumbers("SeriesNumber", SeriesNumber)
            .SetText("SeriesDescription", SeriesDescription)
            .SetNumbers("InstanceNumber", InstanceNumber)
            .SetText("Manufacturer", Manufacturer);
    }

    /// <summary>A code sequence item (PS3.3 Table 8.8-1): value, scheme, meaning (cut to LO's 64 characters).</summary>
    internal static DicomDataset Code(string value, string scheme, string meaning) => new DicomDatasetBuilder()
        .SetText("CodeValue", value)
        .SetText("CodingSchemeDesignator", scheme)
        .SetText("CodeMeaning", meaning.Length > 64 ? meaning[..64] : meaning)
        .Build();

    /// <summary>A SOP reference item: ReferencedSOPClassUID and ReferencedSOPInstanceUID.</summary>
    internal static DicomDatasetBuilder SopReference(DicomInstanceReference reference) => new DicomDatasetBuilder()
        .SetText("ReferencedSOPClassUID", reference.SopClassUid)
        .SetText("ReferencedSOPInstanceUID", reference.SopInstanceUid);
}
