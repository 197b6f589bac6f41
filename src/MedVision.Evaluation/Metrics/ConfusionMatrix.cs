using System.Text.Json.Serialization;

namespace MedVision.Evaluation;

/// <summary>
/// Counts of a binary decision against the truth (positive class = label 1). Predictions come from scores
/// by <c>score ≥ threshold</c>, the convention of scikit-learn's <c>roc_curve</c> thresholds, so every ROC
/// point is reproduced exactly by its threshold. <c>confusion_matrix(y, pred, labels=[0, 1])</c> is
/// <c>[[TrueNegatives, FalsePositives], [FalseNegatives, TruePositives]]</c>.
/// </summary>
public sealed record ConfusionMatrix(
    [property: JsonPropertyName("tp")] long TruePositives,
    [property: JsonPropertyName("fp")] long FalsePositives,
    [property: JsonPropertyName("tn")] long TrueNegatives,
    [property: JsonPropertyName("fn")] long FalseNegatives)
{
    /// <summary>Positives in the truth (TP + FN).</summary>
    [JsonIgnore]
    public long Positives => TruePositives + FalseNegatives;

    /// <summary>Negatives in the truth (TN + FP).</summary>
    [JsonIgnore]
    public long Negatives => TrueNegatives + FalsePositives;

    /// <summary>All cases.</summary>
    [JsonIgnore]
    public long Total => Positives + Negatives;

    /// <summary>Counts for predictions <c>score ≥ threshold</c>.</summary>
    public static ConfusionMatrix FromScores(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, double threshold)
    {
        Check.Binary(labels, scores);
        return Count(labels, scores, threshold);
    }

    /// <summary>Counts for given 0/1 predictions.</summary>
    public static ConfusionMatrix FromPredictions(ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions)
    {
        if (labels.Length != predictions.Length)
        {
            throw new ArgumentException(
                $"labels and predictions must have the same length, got {labels.Length} and {predictions.Length}", nameof(predictions));
        }

        Check.Labels(labels);
        Check.Labels(predictions, nameof(predictions));
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            switch (labels[i] * 2 + predictions[i])
            {
                case 3: tp++; break;
                case 2: fn++; break;
                case 1: fp++; break;
                default: tn++; break;
            }
        }

        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    /// <summary>The 2×2 matrix as scikit-learn lays it out: rows truth (0, 1), columns prediction (0, 1).</summary>
    public long[,] ToArray() => new[,] { { TrueNegatives, FalsePositives }, { FalseNegatives, TruePositives } };

    internal static ConfusionMatrix Count(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, double threshold)
    {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var predicted = scores[i] >= threshold;
            if (labels[i] == 1)
            {
                if (predicted) { tp++; } else { fn++; }
            }
            else
            {
                if (predicted) { fp++; } else { tn++; }
            }
        }

        return new ConfusionMatrix(tp, fp, tn, fn);
    }
}
