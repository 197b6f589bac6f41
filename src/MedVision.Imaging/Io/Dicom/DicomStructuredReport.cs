namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// Comprehensive SR instances (SOP class 1.2.840.10008.5.1.4.1.1.88.33, PS3.3 A.35.3) that record a classification
/// of one source image. Patient and study are copied from the source; the new series has Modality SR. The content
/// tree (PS3.3 C.17.3) is a CONTAINER (99MEDVISION MV001 "Image classification report", continuity SEPARATE) that
/// CONTAINS:
/// <list type="bullet">
/// <item>TEXT (DCM 111001 "Algorithm Name"): the model's name;</item>
/// <item>NUM (99MEDVISION MV002 "Probability of &lt;class&gt;"): the probability, unit UCUM <c>{probability}</c>, as
/// Numeric Value (DS, at most 16 characters) and Floating Point Value (FD, the exact double);</item>
/// <item>NUM (99MEDVISION MV004 "Decision threshold"), same unit;</item>
/// <item>TEXT (99MEDVISION MV003 "Predicted class"): the label at that threshold;</item>
/// <item>NUM (99MEDVISION MV005 "Calibrated probability"), when the model is calibrated;</item>
/// <item>IMAGE (DCM 121112 "Source of Measurement"): the source instance.</item>
/// </list>
/// The source is also listed in the Current Requested Procedure Evidence Sequence. Completion Flag COMPLETE,
/// Verification Flag UNVERIFIED: a machine's result, which no person has signed.
/// </summary>
public static class DicomStructuredReport
{
    /// <summary>SOP Class UID of Comprehensive SR Storage.</summary>
    public const string SopClassUid = "1.2.840.10008.5.1.4.1.1.88.33";

    /// <summary>Coding scheme designator of MedVision's own concept names (a private scheme: PS3.16 §8.2, "99" prefix).</summary>
    public const string Scheme = "99MEDVISION";

    /// <summary>Code value of the root container's concept name.</summary>
    public const string ReportCode = "MV001";

    /// <summary>Code value of the probability NUM item's concept name.</summary>
    public const string ProbabilityCode = "MV002";

    /// <summary>Code value of the predicted-class TEXT item's concept name.</summary>
    public const string LabelCode = "MV003";

    /// <summary>Code value of the threshold NUM item's concept name.</summary>
    public const string ThresholdCode = "MV004";

    /// <summary>Code value of the calibrated-probability NUM item's concept name.</summary>
    public const string CalibratedCode = "MV005";

    /// <summary>The SR data set recording <paramref name="result"/> for <paramref name="source"/>.</summary>
    public static DicomDataset Create(DicomDataset source, DicomClassification result, DicomDerivedInstance instance)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(instance);
        if (!(result.Probability is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(result), result.Probability, "the probability must be in [0, 1]");
        }

        var reference = DicomInstanceReference.Of(source);
        var items = new List<DicomDataset>
        {
            Text("111001", "DCM", "Algorithm Name", result.ModelName),
            Num(ProbabilityCode, Scheme, "Probability of " + result.PositiveClass, result.Probability),
            Num(ThresholdCode, Scheme, "Decision threshold", result.Threshold),
            Text(LabelCode, Scheme, "Predicted class", result.Label),
        };
        if (result.Calibrated is { } calibrated)
        {
            items.Add(Num(CalibratedCode, Scheme, "Calibrated probability", calibrated));
        }

        items.Add(Item("CONTAINS", "IMAGE", "121112", "DCM", "Source of Measurement")
            .SetSequence("ReferencedSOPSequence", DicomDerivedInstance.SopReference(reference).Build())
            .Build());

        var evidence = new DicomDatasetBuilder()
            .SetText("StudyInstanceUID", reference.StudyInstanceUid)
            .SetSequence("ReferencedSeriesSequence", new DicomDatasetBuilder()
                .SetText("SeriesInstanceUID", reference.SeriesInstanceUid)
                .SetSequence("ReferencedSOPSequence", DicomDerivedInstance.SopReference(reference).Build())
                .Build())
            .Build();

        return instance.Start(source, SopClassUid, "SR")
            .SetSequence("ReferencedPerformedProcedureStepSequence")
            .SetText("CompletionFlag", "COMPLETE")
            .SetText("VerificationFlag", "UNVERIFIED")
            .SetSequence("PerformedProcedureCodeSequence")
            .SetSequence("CurrentRequestedProcedureEvidenceSequence", evidence)
            .SetText("ValueType", "CONTAINER")
            .SetSequence("ConceptNameCodeSequence", DicomDerivedInstance.Code(ReportCode, Scheme, "Image classification report"))
            .SetText("ContinuityOfContent", "SEPARATE")
            .SetSequence("ContentSequence", [.. items])
            .Build();
    }

    private static DicomDatasetBuilder Item(string relationship, string valueType, string code, string scheme, string meaning) => new DicomDatasetBuilder()
        .SetText("RelationshipType", relationship)
        .SetText("ValueType", valueType)
        .SetSequence("ConceptNameCodeSequence", DicomDerivedInstance.Code(code, scheme, meaning));

    private static DicomDataset Text(string code, string scheme, string meaning, string value) =>
        Item("CONTAINS", "TEXT", code, scheme, meaning).SetText("TextValue", value).Build();

    private static DicomDataset Num(string code, string scheme, string meaning, double value) =>
        Item("CONTAINS", "NUM", code, scheme, meaning)
            .SetSequence("MeasuredValueSequence", new DicomDatasetBuilder()
                .SetSequence("MeasurementUnitsCodeSequence", DicomDerivedInstance.Code("{probability}", "UCUM", "probability"))
                .SetText("NumericValue", DicomDatasetBuilder.DecimalString("NumericValue", value))
                .SetNumbers("FloatingPointValue", value)
                .Build())
            .Build();
}
