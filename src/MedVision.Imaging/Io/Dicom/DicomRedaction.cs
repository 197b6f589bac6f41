namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// Which attributes identify a patient and are therefore never printed unless a caller asks: every attribute of
/// the patient group (0010), every person name (VR PN), every date and date-time (DA, DT), and the attributes
/// below, drawn from the PS3.15 Annex E basic de-identification profile (institution, accession, study id,
/// device serial, instance UIDs) and every private attribute (odd group). Used by every ToString and summary of <see cref="DicomDataset"/> and
/// <see cref="DicomElement"/>.
/// </summary>
public static class DicomRedaction
{
    /// <summary>What is printed in place of an identifying value.</summary>
    public const string Marker = "<redacted>";

    /// <summary>Keywords redacted in addition to group 0010, PN, DA and DT.</summary>
    public static IReadOnlySet<string> Keywords { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "AccessionNumber", "InstitutionName", "InstitutionAddress", "InstitutionalDepartmentName", "StationName",
        "StudyID", "DeviceSerialNumber", "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID",
        "MediaStorageSOPInstanceUID", "FrameOfReferenceUID", "StudyTime", "SeriesTime", "AcquisitionTime",
        "ContentTime", "InstanceCreationTime", "RequestedProcedureID", "ScheduledProcedureStepID", "PerformedProcedureStepID",
        "ReferencedSOPInstanceUID", "IrradiationEventUID", "OtherPatientIDs", "RequestingPhysician",
    };

    /// <summary>True when the value of (<paramref name="tag"/>, <paramref name="vr"/>) may identify a patient.</summary>
    public static bool IsIdentifying(DicomTag tag, string vr) =>
        tag.Group == 0x0010 || vr is "PN" or "DA" or "DT" || (tag.Keyword is { } k && Keywords.Contains(k)) || tag.IsPrivate;
}
