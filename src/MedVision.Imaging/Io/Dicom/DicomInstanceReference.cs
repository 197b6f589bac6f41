namespace MedVision.Imaging.Io.Dicom;

/// <summary>Where an instance sits in the study → series → instance hierarchy, and its SOP class: what a reference to it needs.</summary>
/// <param name="StudyInstanceUid">(0020,000D).</param>
/// <param name="SeriesInstanceUid">(0020,000E).</param>
/// <param name="SopClassUid">(0008,0016).</param>
/// <param name="SopInstanceUid">(0008,0018).</param>
public sealed record DicomInstanceReference(string StudyInstanceUid, string SeriesInstanceUid, string SopClassUid, string SopInstanceUid)
{
    /// <summary>The reference of a data set that was read; a missing UID is an <see cref="ArgumentException"/> naming it.</summary>
    public static DicomInstanceReference Of(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new DicomInstanceReference(Uid(dataset, "StudyInstanceUID"), Uid(dataset, "SeriesInstanceUID"), Uid(dataset, "SOPClassUID"), Uid(dataset, "SOPInstanceUID"));
    }

    private static string Uid(DicomDataset dataset, string keyword) =>
        dataset.GetString(keyword) is { } uid && DicomUid.IsValid(uid) ? uid
        : throw new ArgumentException($"the instance has no valid {keyword} (got '{dataset.GetString(keyword)}'), so it cannot be referenced", nameof(dataset));
}
