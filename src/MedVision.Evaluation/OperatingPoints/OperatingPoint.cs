using System.Text.Json.Serialization;

namespace MedVision.Evaluation;

/// <summary>A chosen threshold and the metrics at it, each with its bootstrap interval when one was asked for.</summary>
public sealed record OperatingPoint
{
    [JsonPropertyName("rule")] public required ThresholdRule Rule { get; init; }

    /// <summary>The target of the target rules (null otherwise).</summary>
    [JsonPropertyName("target")] public required double? Target { get; init; }

    [JsonPropertyName("threshold")] public required MetricEstimate Threshold { get; init; }
    [JsonPropertyName("sensitivity")] public required MetricEstimate Sensitivity { get; init; }
    [JsonPropertyName("specificity")] public required MetricEstimate Specificity { get; init; }
    [JsonPropertyName("accuracy")] public required MetricEstimate Accuracy { get; init; }
    [JsonPropertyName("precision")] public required MetricEstimate Precision { get; init; }
    [JsonPropertyName("npv")] public required MetricEstimate Npv { get; init; }
    [JsonPropertyName("f1")] public required MetricEstimate F1 { get; init; }
    [JsonPropertyName("youden_j")] public required MetricEstimate YoudenJ { get; init; }

    /// <summary>The confusion matrix at the threshold on all cases.</summary>
    [JsonPropertyName("confusion_matrix")] public required ConfusionMatrix Matrix { get; init; }

    [JsonPropertyName("warnings")] public IReadOnlyList<string> Warnings { get; init; } = [];
}
