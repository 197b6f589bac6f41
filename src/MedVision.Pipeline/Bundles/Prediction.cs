namespace MedVision.Pipeline.Bundles;

/// <summary>What a bundle says about one image (<see cref="ModelBundle.Predict(IReadOnlyList{Imaging.Image})"/>).</summary>
/// <param name="Label">
/// The class decided: binary models, <c>ClassNames[1]</c> when its probability reaches the bundle's threshold, else
/// <c>ClassNames[0]</c>; K ≥ 3 classes, the most probable class (first of tied maxima).
/// </param>
/// <param name="Probability">The model's probability of <paramref name="Label"/>.</param>
/// <param name="Probabilities">The model's probability of every class, by class name in label order (they sum to 1).</param>
/// <param name="CalibratedProbability">
/// The calibrated probability of <paramref name="Label"/>: Platt's (<see cref="BundleManifest.Calibration"/>) for two
/// classes, the temperature-scaled one (<see cref="BundleManifest.Temperature"/>) for K ≥ 3; the uncalibrated
/// <paramref name="Probability"/> when the bundle has no calibration (too few validation cases of a class to fit one).
/// </param>
public sealed record Prediction(string Label, double Probability, IReadOnlyDictionary<string, double> Probabilities, double CalibratedProbability);
