namespace MedVision.Evaluation;

/// <summary>Threshold selection (<see cref="ThresholdRule"/>) with the metrics at the chosen threshold and their bootstrap intervals.</summary>
public static class OperatingPoints
{
    private static readonly string[] Names = ["threshold", "sensitivity", "specificity", "accuracy", "precision", "npv", "f1", "youden_j"];

    /// <summary>The threshold the rule picks; NaN when it cannot (one class only, target unreachable).</summary>
    public static double SelectThreshold(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, ThresholdRule rule, double target = 0.9)
    {
        Check.Binary(labels, scores);
        if (rule is ThresholdRule.TargetSensitivity or ThresholdRule.TargetSpecificity)
        {
            Check.Fraction(target, nameof(target), inclusive: true);
        }

        return Select(labels, scores, rule, target);
    }

    /// <summary>Youden's threshold with point values.</summary>
    public static OperatingPoint Select(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores) => Select(labels, scores, new OperatingPointOptions());

    /// <summary>The threshold by <see cref="OperatingPointOptions.Rule"/> and the metrics at it, with intervals when <see cref="OperatingPointOptions.Bootstrap"/> is set.</summary>
    public static OperatingPoint Select(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, OperatingPointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var threshold = SelectThreshold(labels, scores, options.Rule, options.Target);
        var (rule, target) = (options.Rule, options.Target);
        BinaryStatistics statistics = (y, s, d) =>
        {
            var t = Select(y, s, rule, target);
            var m = ThresholdMetrics.FromMatrix(ConfusionMatrix.Count(y, s, t));
            d[0] = t;
            d[1] = m.Sensitivity;
            d[2] = m.Specificity;
            d[3] = m.Accuracy;
            d[4] = m.Precision;
            d[5] = m.Npv;
            d[6] = m.F1;
            d[7] = m.YoudenJ;
        };

        var warnings = new List<string>();
        MetricEstimate[] e;
        if (options.Bootstrap is null)
        {
            var values = new double[Names.Length];
            statistics(labels, scores, values);
            e = [.. values.Select(MetricEstimate.Point)];
        }
        else
        {
            var result = Bootstrap.Run(labels, scores, Names.Length, statistics, options.Bootstrap);
            e = [.. result.Estimates];
            warnings.AddRange(result.Warnings.Select(w => Bootstrap.NameWarning(w, Names)));
        }

        if (double.IsNaN(threshold))
        {
            warnings.Insert(0, $"operating point: rule {rule} found no threshold (one class only or target out of reach)");
        }

        var matrix = ConfusionMatrix.Count(labels, scores, threshold);
        warnings.AddRange(ThresholdMetrics.FromMatrix(matrix).Warnings);
        return new OperatingPoint
        {
            Rule = rule,
            Target = rule is ThresholdRule.TargetSensitivity or ThresholdRule.TargetSpecificity ? target : null,
            Threshold = e[0],
            Sensitivity = e[1],
            Specificity = e[2],
            Accuracy = e[3],
            Precision = e[4],
            Npv = e[5],
            F1 = e[6],
            YoudenJ = e[7],
            Matrix = matrix,
            Warnings = warnings,
        };
    }

    /// <summary>Accuracy at thresholds 0, 1/steps, …, 1 (seeds/004's sweep with steps = 100).</summary>
    public static (double[] Thresholds, double[] Accuracy) AccuracySweep(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, int steps = 100)
    {
        Check.Binary(labels, scores);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var thresholds = new double[steps + 1];
        var accuracy = new double[steps + 1];
        for (var k = 0; k <= steps; k++)
        {
            thresholds[k] = (double)k / steps;
            accuracy[k] = ThresholdMetrics.FromMatrix(ConfusionMatrix.Count(labels, scores, thresholds[k])).Accuracy;
        }

        return (thresholds, accuracy);
    }

    private static double Select(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, ThresholdRule rule, double target)
    {
        if (rule == ThresholdRule.BestAccuracy)
        {
            if (labels.Length == 0)
            {
                return double.NaN;
            }

            var (thresholds, accuracy) = AccuracySweep(labels, scores);
            var best = 0;
            for (var k = 1; k < accuracy.Length; k++)
            {
                best = accuracy[k] > accuracy[best] ? k : best;
            }

            return thresholds[best];
        }

        var (positives, negatives) = Check.Count(labels);
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var roc = RocCurve.Compute(labels, scores, new RocCurveOptions { DropIntermediate = false });
        switch (rule)
        {
            case ThresholdRule.Youden:
                {
                    var best = 0;
                    for (var k = 1; k < roc.Fpr.Length; k++)
                    {
                        best = roc.Tpr[k] - roc.Fpr[k] > roc.Tpr[best] - roc.Fpr[best] ? k : best;
                    }

                    return roc.Thresholds[best];
                }

            case ThresholdRule.TargetSensitivity:
                for (var k = 0; k < roc.Tpr.Length; k++)
                {
                    if (roc.Tpr[k] >= target)
                    {
                        return roc.Thresholds[k];
                    }
                }

                return double.NaN;
            default:
                var chosen = double.NaN;
                for (var k = 0; k < roc.Fpr.Length && 1 - roc.Fpr[k] >= target; k++)
                {
                    chosen = roc.Thresholds[k];
                }

                return chosen;
        }
    }
}
