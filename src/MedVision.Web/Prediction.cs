namespace MedVision.Web;

/// <summary>
/// The answer of <c>POST /api/predict</c>. Binary models: <see cref="Probability"/> is the probability of the positive
/// class (<c>ClassNames[1]</c>), <see cref="Label"/> the class at <see cref="Threshold"/>, <see cref="Calibrated"/> the
/// Platt-calibrated probability (the probability itself when the bundle has no calibration). Models of K ≥ 3 classes
/// leave those three null and name the most probable class. <see cref="Probabilities"/> gives every class's probability.
/// </summary>
/// <param name="Model">The model that scored the image.</param>
/// <param name="Format">The upload's format as told by its first bytes (PNG, JPEG, DICOM, NumPy).</param>
/// <param name="Width">Width of the decoded image.</param>
/// <param name="Height">Height of the decoded image.</param>
/// <param name="Probability">Binary: probability of the positive class.</param>
/// <param name="Label">The predicted class name.</param>
/// <param name="Threshold">Binary: the bundle's decision threshold.</param>
/// <param name="Calibrated">Binary: the calibrated probability.</param>
/// <param name="Probabilities">Probability of each class, by class name.</param>
/// <param name="GradCamPng">Grad-CAM overlay (PNG at the image's size, base64) when the model can explain; else null.</param>
public sealed record Prediction(
    string Model,
    string Format,
    int Width,
    int Height,
    double? Probability,
    string Label,
    double? Threshold,
    double? Calibrated,
    IReadOnlyDictionary<string, double> Probabilities,
    string? GradCamPng)
{
    /// <summary>K ≥ 3 classes: every class's probability rescaled by the bundle's temperature (as they are without one); null for binary models.</summary>
    public IReadOnlyDictionary<string, double>? CalibratedProbabilities { get; init; }
}
