namespace MedVision.Imaging.Io.Dicom;

/// <summary>What a two-class classifier said about one image, as <see cref="DicomStructuredReport"/> records it.</summary>
/// <param name="ModelName">The model's name (Algorithm Name, DCM 111001).</param>
/// <param name="PositiveClass">The class whose probability is reported (the model's second class).</param>
/// <param name="Label">The class the image was given at <paramref name="Threshold"/>.</param>
/// <param name="Probability">Probability of <paramref name="PositiveClass"/>, in [0, 1].</param>
/// <param name="Threshold">The decision threshold on <paramref name="Probability"/>.</param>
public sealed record DicomClassification(string ModelName, string PositiveClass, string Label, double Probability, double Threshold)
{
    /// <summary>The Platt-calibrated probability, when the model is calibrated.</summary>
    public double? Calibrated { get; init; }
}
