using System.Text.Json.Nodes;
using MedVision.Pipeline.Models;

namespace MedVision.Web;

/// <summary>
/// What <c>GET /api/models</c> says of one bundle: enough for a reader to judge what the model does and how far to
/// trust it (its classes, decision threshold, input, training and held-out metrics as the manifest records them).
/// </summary>
/// <param name="Name">The name to pass as <c>?model=</c>: the bundle's folder name.</param>
/// <param name="Kind"><c>cnn</c> or <c>features</c>.</param>
/// <param name="Architecture">Zoo architecture of a CNN, or the feature extractor of a pipeline.</param>
/// <param name="ClassNames">Class names in label order.</param>
/// <param name="PositiveClass">The class the probability refers to (<c>ClassNames[1]</c>); null for K ≥ 3 classes.</param>
/// <param name="Threshold">Decision threshold on the probability; null for K ≥ 3 classes (the most probable class wins).</param>
/// <param name="Calibrated">Whether the bundle holds a Platt calibration.</param>
/// <param name="CanExplain">Whether predictions come with a Grad-CAM overlay.</param>
/// <param name="Input">Channels, height, width (null: any size), scale and preprocessing chain of the model's input.</param>
/// <param name="Training">Which model was saved (<c>refit</c>, <c>fold 1</c>, …) and its sample counts.</param>
/// <param name="Metrics">The held-out metrics of the study, as recorded in the manifest; null when it has none.</param>
public sealed record ModelCard(
    string Name,
    string Kind,
    string? Architecture,
    IReadOnlyList<string> ClassNames,
    string? PositiveClass,
    double? Threshold,
    bool Calibrated,
    bool CanExplain,
    InputSpec Input,
    ModelTraining Training,
    JsonObject? Metrics);

/// <summary>Which model a bundle holds (<see cref="ModelCard.Training"/>).</summary>
public sealed record ModelTraining(string Model, int TrainSamples, int ValidationSamples, int Seed, string MedvisionVersion);
