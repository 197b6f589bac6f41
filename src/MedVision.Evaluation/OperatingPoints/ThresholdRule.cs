using System.Text.Json.Serialization;

namespace MedVision.Evaluation;

/// <summary>How an operating threshold is chosen (predictions are <c>score ≥ threshold</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ThresholdRule>))]
public enum ThresholdRule
{
    /// <summary>Maximise Youden's J = sensitivity + specificity − 1 over the ROC thresholds (the highest threshold among ties).</summary>
    [JsonStringEnumMemberName("youden")]
    Youden,

    /// <summary>
    /// Maximise accuracy over the sweep 0, 0.01, …, 1 of seeds/004 (the first, lowest, threshold among ties).
    /// seeds/004 predicts <c>score &gt; t</c>; here it is <c>score ≥ t</c> like every other rule.
    /// </summary>
    [JsonStringEnumMemberName("best_accuracy")]
    BestAccuracy,

    /// <summary>The highest ROC threshold whose sensitivity is at least the target (the most specific such point).</summary>
    [JsonStringEnumMemberName("target_sensitivity")]
    TargetSensitivity,

    /// <summary>The lowest ROC threshold whose specificity is at least the target (the most sensitive such point).</summary>
    [JsonStringEnumMemberName("target_specificity")]
    TargetSpecificity,
}
