namespace MedVision.Evaluation;

/// <summary>
/// The metrics of one binary decision (one <see cref="ConfusionMatrix"/>), defined as scikit-learn's
/// <c>accuracy_score</c>, <c>recall_score</c>, <c>precision_score</c>, <c>f1_score</c>,
/// <c>matthews_corrcoef</c> and <c>balanced_accuracy_score</c>. A ratio whose denominator is zero is NaN
/// with an entry in <see cref="Warnings"/> (scikit-learn returns 0 there with a warning; a silent number
/// would read as a result).
/// </summary>
public sealed record ThresholdMetrics
{
    /// <summary>The counts these metrics come from.</summary>
    public required ConfusionMatrix Matrix { get; init; }

    /// <summary>(TP + TN) / N.</summary>
    public required double Accuracy { get; init; }

    /// <summary>Sensitivity = recall = true positive rate, TP / (TP + FN).</summary>
    public required double Sensitivity { get; init; }

    /// <summary>Specificity = true negative rate, TN / (TN + FP).</summary>
    public required double Specificity { get; init; }

    /// <summary>Precision = positive predictive value, TP / (TP + FP).</summary>
    public required double Precision { get; init; }

    /// <summary>Negative predictive value, TN / (TN + FN).</summary>
    public required double Npv { get; init; }

    /// <summary>F1 = 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall.</summary>
    public required double F1 { get; init; }

    /// <summary>Matthews correlation coefficient (TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN)).</summary>
    public required double Mcc { get; init; }

    /// <summary>(Sensitivity + Specificity) / 2.</summary>
    public required double BalancedAccuracy { get; init; }

    /// <summary>Youden's J = Sensitivity + Specificity − 1.</summary>
    public required double YoudenJ { get; init; }

    /// <summary>Why a metric is NaN (empty when all are defined).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Metrics of predictions <c>score ≥ threshold</c> (default 0.5).</summary>
    public static ThresholdMetrics Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, double threshold = 0.5) =>
        FromMatrix(ConfusionMatrix.FromScores(labels, scores, threshold));

    /// <summary>Metrics of a confusion matrix.</summary>
    public static ThresholdMetrics FromMatrix(ConfusionMatrix m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var warnings = new List<string>();
        double tp = m.TruePositives, fp = m.FalsePositives, tn = m.TrueNegatives, fn = m.FalseNegatives;
        var sensitivity = Ratio(tp, tp + fn, "sensitivity: no positive cases", warnings);
        var specificity = Ratio(tn, tn + fp, "specificity: no negative cases", warnings);
        var precision = Ratio(tp, tp + fp, "precision: no positive predictions", warnings);
        var npv = Ratio(tn, tn + fn, "npv: no negative predictions", warnings);
        var f1 = Ratio(2 * tp, 2 * tp + fp + fn, "f1: no positive cases and no positive predictions", warnings);
        var accuracy = Ratio(tp + tn, m.Total, "accuracy: no cases", warnings);
        var denominator = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn);
        var mcc = Ratio(tp * tn - fp * fn, Math.Sqrt(denominator), "mcc: a row or column of the confusion matrix is empty", warnings);
        return new ThresholdMetrics
        {
            Matrix = m,
            Accuracy = accuracy,
            Sensitivity = sensitivity,
            Specificity = specificity,
            Precision = precision,
            Npv = npv,
            F1 = f1,
            Mcc = mcc,
            BalancedAccuracy = (sensitivity + specificity) / 2,
            YoudenJ = sensitivity + specificity - 1,
            Warnings = warnings,
        };
    }

    private static double Ratio(double numerator, double denominator, string warning, List<string> warnings)
    {
        if (denominator == 0)
        {
            warnings.Add(warning + " (undefined, NaN)");
            return double.NaN;
        }

        return numerator / denominator;
    }
}
