using MedVision.Evaluation;
using MedVision.Pipeline.Models;

namespace MedVision.Pipeline.Experiments;

/// <summary>
/// Decision thresholds chosen on validation predictions, never on test predictions (<c>evaluation.threshold_rule</c>):
/// each fold's threshold is picked by the rule on that fold's validation images, scored by the fold's own model
/// (<see cref="FoldData.ScoreValidation"/>), and the fold's test predictions are cut there. Pooled metrics count every
/// test case at its own fold's threshold; <see cref="BinaryMetricEstimates.Threshold"/> then holds their mean.
/// A fold whose validation part cannot give a threshold (no images, one class only, target out of reach) keeps
/// <c>evaluation.threshold</c> and says so in <see cref="Warnings"/>.
/// </summary>
public sealed record ValidationThreshold
{
    /// <summary>Names <c>evaluation.threshold_rule</c> takes, with their <see cref="ThresholdRule"/>.</summary>
    public static IReadOnlyDictionary<string, ThresholdRule> Rules { get; } = new Dictionary<string, ThresholdRule>(StringComparer.Ordinal)
    {
        ["youden"] = ThresholdRule.Youden,
        ["target_sensitivity"] = ThresholdRule.TargetSensitivity,
        ["best_accuracy"] = ThresholdRule.BestAccuracy,
    };

    /// <summary><c>youden</c>, <c>target_sensitivity</c> or <c>best_accuracy</c>.</summary>
    public required string Rule { get; init; }

    /// <summary>The target sensitivity of <c>target_sensitivity</c>, else null.</summary>
    public double? Target { get; init; }

    /// <summary>The threshold of each fold, in fold order.</summary>
    public required IReadOnlyList<double> FoldThresholds { get; init; }

    /// <summary>Validation images each threshold was chosen on.</summary>
    public required IReadOnlyList<int> ValidationImages { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The thresholds of <paramref name="run"/>'s folds by <c>evaluation.threshold_rule</c>; null when the config sets none.</summary>
    public static ValidationThreshold? Choose(ModelRun run, ExperimentPlan plan, int[] labels, EvaluationConfig evaluation)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(evaluation);
        if (evaluation.ThresholdRule is null)
        {
            return null;
        }

        var thresholds = new List<double>();
        var counts = new List<int>();
        var warnings = new List<string>();
        for (var f = 0; f < run.Folds.Count; f++)
        {
            var validation = plan.Folds[f].Validation;
            var scores = run.Folds[f].ValidationScores
                ?? throw new InvalidOperationException($"{run.Name} fold {f + 1}: no validation scores to choose a threshold on");
            var (threshold, warning) = ChooseOne([.. validation.Select(i => labels[i])], scores, evaluation);
            thresholds.Add(threshold);
            counts.Add(validation.Length);
            if (warning is not null)
            {
                warnings.Add($"fold {f + 1}: {warning}");
            }
        }

        return new ValidationThreshold
        {
            Rule = evaluation.ThresholdRule,
            Target = evaluation.ThresholdRule == "target_sensitivity" ? evaluation.TargetSensitivity : null,
            FoldThresholds = thresholds,
            ValidationImages = counts,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// The threshold <c>evaluation.threshold_rule</c> picks on one validation part, or <c>evaluation.threshold</c> with a
    /// warning when it cannot.
    /// </summary>
    public static (double Threshold, string? Warning) ChooseOne(int[] labels, double[] scores, EvaluationConfig evaluation)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(evaluation);
        var rule = Rules[evaluation.ThresholdRule ?? throw new ArgumentException("evaluation.threshold_rule is not set", nameof(evaluation))];
        if (labels.Length == 0)
        {
            return (evaluation.Threshold, $"no validation images; threshold {evaluation.Threshold} kept");
        }

        var threshold = OperatingPoints.SelectThreshold(labels, scores, rule, evaluation.TargetSensitivity ?? 0.9);
        return double.IsNaN(threshold)
            ? (evaluation.Threshold, $"{evaluation.ThresholdRule} found no threshold on {labels.Length} validation images (one class only or target out of reach); threshold {evaluation.Threshold} kept")
            : (threshold, null);
    }

    /// <summary>1 where a case's score reaches its fold's threshold, else 0 (<paramref name="foldOf"/>: each case's fold).</summary>
    public double[] Decisions(ReadOnlySpan<double> scores, ReadOnlySpan<int> foldOf)
    {
        var decisions = new double[scores.Length];
        for (var i = 0; i < decisions.Length; i++)
        {
            decisions[i] = scores[i] >= FoldThresholds[foldOf[i]] ? 1 : 0;
        }

        return decisions;
    }

    /// <summary>
    /// Every metric of the pooled test predictions: AUC and average precision from the scores, the threshold metrics
    /// from each case cut at its fold's threshold; the same bootstrap resamples for both when <paramref name="bootstrap"/> is set.
    /// </summary>
    public BinaryMetricEstimates Metrics(int[] labels, double[] scores, int[] foldOf, BootstrapOptions? bootstrap)
    {
        var decisions = Decisions(scores, foldOf);
        var ranked = bootstrap is null ? BinaryMetricEstimates.Compute(labels, scores) : BinaryMetricEstimates.Compute(labels, scores, 0.5, bootstrap);
        var cut = bootstrap is null ? BinaryMetricEstimates.Compute(labels, decisions) : BinaryMetricEstimates.Compute(labels, decisions, 0.5, bootstrap);
        return cut with
        {
            Threshold = FoldThresholds.Average(),
            Auc = ranked.Auc,
            AveragePrecision = ranked.AveragePrecision,
            // The labels, and so the class warnings and resamples, are the same for both; the threshold warnings are the cut's.
            Warnings = [.. cut.Warnings.Concat(Warnings).Distinct(StringComparer.Ordinal)],
        };
    }
}
