namespace MedVision.Evaluation;

/// <summary>
/// Precision–recall curve and average precision, as scikit-learn 1.2's <c>precision_recall_curve</c>
/// (precision and recall in order of increasing threshold, with a final point precision 1, recall 0) and
/// <c>average_precision_score</c> (AP = Σ (Rₙ − Rₙ₋₁) Pₙ, no interpolation). Precision at a threshold with no
/// positive predictions is 0 as in scikit-learn. No positive cases: recall is undefined, so
/// <see cref="AveragePrecision"/> is NaN with a warning (scikit-learn sets recall to 1 and reports AP 0).
/// </summary>
public sealed record PrecisionRecallCurve(double[] Precision, double[] Recall, double[] Thresholds, double AveragePrecision, IReadOnlyList<string> Warnings)
{
    /// <summary>The curve of the scores against the 0/1 labels.</summary>
    public static PrecisionRecallCurve Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores)
    {
        Check.Binary(labels, scores);
        var warnings = new List<string>();
        if (labels.Length == 0)
        {
            warnings.Add("precision-recall: no cases (average precision undefined, NaN)");
            return new PrecisionRecallCurve([1.0], [0.0], [], double.NaN, warnings);
        }

        var (fps, tps, thresholds) = BinaryClfCurve.Compute(labels, scores);
        var m = tps.Length;
        var precision = new double[m + 1];
        var recall = new double[m + 1];
        var thr = new double[m];
        var tpTotal = tps[^1];
        for (var i = 0; i < m; i++)
        {
            var k = m - 1 - i; // reversed: increasing threshold
            var predicted = tps[k] + fps[k];
            precision[i] = predicted != 0 ? tps[k] / predicted : 0.0;
            recall[i] = tpTotal > 0 ? tps[k] / tpTotal : double.NaN;
            thr[i] = thresholds[k];
        }

        precision[m] = 1.0;
        recall[m] = 0.0;
        double ap;
        if (tpTotal > 0)
        {
            ap = 0.0;
            for (var i = 0; i < m; i++)
            {
                ap -= (recall[i + 1] - recall[i]) * precision[i];
            }
        }
        else
        {
            warnings.Add("precision-recall: no positive cases, recall and average precision undefined (NaN)");
            ap = double.NaN;
        }

        return new PrecisionRecallCurve(precision, recall, thr, ap, warnings);
    }
}
