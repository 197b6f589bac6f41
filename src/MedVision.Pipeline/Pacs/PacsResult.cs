namespace MedVision.Pipeline.Pacs;

/// <summary>One classified image instance of a study, and the UIDs of the instances written for it.</summary>
/// <param name="StudyInstanceUid">The study.</param>
/// <param name="SeriesInstanceUid">The classified instance's series.</param>
/// <param name="SopInstanceUid">The classified instance.</param>
/// <param name="PatientId">PatientID (0010,0020), when present.</param>
/// <param name="Modality">Modality (0008,0060), when present.</param>
/// <param name="Probability">Probability of the bundle's second class.</param>
/// <param name="Label">The class at the bundle's threshold.</param>
/// <param name="Calibrated">The Platt-calibrated probability (the probability itself without calibration).</param>
/// <param name="OverlayUid">SOP Instance UID of the secondary capture written for it.</param>
/// <param name="ReportUid">SOP Instance UID of the structured report written for it.</param>
public sealed record PacsResult(
    string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string? PatientId, string? Modality,
    double Probability, string Label, double Calibrated, string OverlayUid, string ReportUid)
{
    /// <summary>The CSV header of <see cref="CsvRow"/>.</summary>
    public const string CsvHeader = "study_uid,series_uid,sop_instance_uid,patient_id,modality,probability,label,calibrated,overlay_uid,report_uid";

    /// <summary>One CSV line (no newline), numbers in round-trip form.</summary>
    public string CsvRow() => string.Join(',',
        StudyInstanceUid, SeriesInstanceUid, SopInstanceUid, Reports.Tables.TableWriter.CsvCell(PatientId ?? string.Empty), Reports.Tables.TableWriter.CsvCell(Modality ?? string.Empty),
        Probability.ToString("R", System.Globalization.CultureInfo.InvariantCulture), Reports.Tables.TableWriter.CsvCell(Label),
        Calibrated.ToString("R", System.Globalization.CultureInfo.InvariantCulture), OverlayUid, ReportUid);
}
