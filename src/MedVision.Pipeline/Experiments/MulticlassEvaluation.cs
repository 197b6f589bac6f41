using MedVision.Evaluation;
using MedVision.Pipeline.Results;

namespace MedVision.Pipeline.Experiments;

/// <summary>
/// The evaluation of K-class runs (K ≥ 3): pooled <see cref="MulticlassMetricEstimates"/> with grouped bootstrap
/// intervals, per-fold macro AUC and accuracy, the multi-class Brier score and the top-label calibration error, and
/// paired comparisons by McNemar's test of the arg-max decisions (DeLong's test is binary and is left out).
/// </summary>
internal static class MulticlassEvaluation
{
    /// <summary>
    /// The settings that depend on the number of classes: label smoothing needs three or more (binary networks train
    /// BCE with one logit), and the patch max vote is binary.
    /// </summary>
    public static void CheckModels(ExperimentConfig config, Data.Dataset dataset)
    {
        var k = dataset.ClassNames.Count;
        foreach (var m in config.Models)
        {
            if (k == 2 && m.LabelSmoothing is > 0)
            {
                throw new ExperimentConfigException($"model {m.Name}: label_smoothing needs three or more classes; {dataset.Root} has two ({string.Join(", ", dataset.ClassNames)}), trained with binary cross-entropy on one logit");
            }

            if (k > 2 && m.PatchSize is not null && m.Vote == "max")
            {
                throw new ExperimentConfigException($"model {m.Name}: vote max is binary (the most suspicious patch); use majority or mean for the {k} classes of {dataset.Root}");
            }
        }
    }

    /// <summary>
    /// The multi-class counterpart of <see cref="ExperimentRunner"/>'s binary evaluation; no operating point
    /// (<c>target_sensitivity</c> and <c>threshold</c> are binary settings, unused for K classes).
    /// </summary>
    public static ModelResult Evaluate(ModelRun run, ExperimentPlan plan, int[] labels, IReadOnlyList<string> groups, IReadOnlyList<string> classes,
        EvaluationConfig e, int seed)
    {
        var y = run.Evaluated.Select(i => labels[i]).ToArray();
        var evaluatedGroups = run.Evaluated.Select(i => groups[i]).ToList();
        var bootstrap = new BootstrapOptions { Resamples = e.Bootstrap, Confidence = e.Confidence, Groups = evaluatedGroups, Seed = (ulong)seed };
        var metrics = e.Bootstrap > 0
            ? MulticlassMetricEstimates.Compute(y, run.Scores, classes, bootstrap)
            : MulticlassMetricEstimates.Compute(y, run.Scores, classes);
        var k = classes.Count;
        var foldResults = new List<FoldResult>();
        var foldAucs = new List<double>();
        for (var f = 0; f < run.Folds.Count; f++)
        {
            var idx = Enumerable.Range(0, run.Evaluated.Length).Where(i => run.FoldOf[i] == f).ToArray();
            var fy = idx.Select(i => y[i]).ToArray();
            var fs = idx.SelectMany(i => run.Scores.AsSpan(i * k, k).ToArray()).ToArray();
            var m = MulticlassMetricEstimates.Compute(fy, fs, classes);
            foldAucs.Add(m.Auc.Value);
            foldResults.Add(new FoldResult(f + 1, plan.Folds[f].Train.Length + plan.Folds[f].Validation.Length, idx.Length, m.Auc.Value, m.Accuracy.Value,
                run.Folds[f].History?.BestEpoch + 1, run.Folds[f].Seconds));
        }

        var defined = foldAucs.Where(double.IsFinite).ToArray();
        var mean = defined.Length > 0 ? defined.Average() : double.NaN;
        var std = defined.Length > 0 ? Math.Sqrt(defined.Sum(a => (a - mean) * (a - mean)) / defined.Length) : double.NaN;
        var (confidence, correct) = TopLabel(y, run.Scores, k);
        return new ModelResult
        {
            Name = run.Name,
            Kind = run.Kind,
            MulticlassMetrics = metrics,
            Folds = foldResults,
            FoldAucMean = mean,
            FoldAucStd = std,
            Brier = Brier(y, run.Scores, k),
            ExpectedCalibrationError = ReliabilityCurve.ExpectedCalibrationErrorOf(correct, confidence),
            TrainSeconds = run.Folds.Sum(f => f.Seconds),
            Scores = run.Scores,
            Histories = [.. run.Folds.Where(f => f.History is not null).Select(f => f.History!)],
        };
    }

    /// <summary>Every two models: difference of macro AUCs and McNemar's test on correct/incorrect arg-max decisions.</summary>
    public static List<ComparisonResult> Compare(IReadOnlyList<ModelRun> runs, int[] labels, IReadOnlyList<string> classes)
    {
        var k = classes.Count;
        var comparisons = new List<ComparisonResult>();
        for (var a = 0; a < runs.Count; a++)
        {
            for (var b = a + 1; b < runs.Count; b++)
            {
                // Both runs evaluate the same cases in the same order: the plan is shared.
                var y = runs[a].Evaluated.Select(i => labels[i]).ToArray();
                var (_, correctA) = TopLabel(y, runs[a].Scores, k);
                var (_, correctB) = TopLabel(y, runs[b].Scores, k);
                int onlyA = 0, onlyB = 0;
                for (var i = 0; i < y.Length; i++)
                {
                    onlyA += correctA[i] == 1 && correctB[i] == 0 ? 1 : 0;
                    onlyB += correctA[i] == 0 && correctB[i] == 1 ? 1 : 0;
                }

                var difference = MulticlassMetricEstimates.Compute(y, runs[a].Scores, classes).Auc.Value - MulticlassMetricEstimates.Compute(y, runs[b].Scores, classes).Auc.Value;
                comparisons.Add(new ComparisonResult(runs[a].Name, runs[b].Name, difference, double.NaN, double.NaN, double.NaN, McNemar.Test(onlyA, onlyB).P));
            }
        }

        return comparisons;
    }

    /// <summary>The arg-max class's probability (confidence) and whether it is the true class (1) or not (0), per case.</summary>
    public static (double[] Confidence, int[] Correct) TopLabel(int[] y, double[] probabilities, int classes)
    {
        var confidence = new double[y.Length];
        var correct = new int[y.Length];
        for (var i = 0; i < y.Length; i++)
        {
            var predicted = ArgMax(probabilities, classes, i);
            confidence[i] = probabilities[(i * classes) + predicted];
            correct[i] = predicted == y[i] ? 1 : 0;
        }

        return (confidence, correct);
    }

    /// <summary>The most probable class of row <paramref name="i"/> (<see cref="MulticlassMetricEstimates.PredictedClass"/>).</summary>
    public static int ArgMax(ReadOnlySpan<double> probabilities, int classes, int i) =>
        MulticlassMetricEstimates.PredictedClass(probabilities, classes, i);

    /// <summary>Multi-class Brier score (Brier 1950): the mean over cases of Σ_c (p_c − [y = c])²; 0 is perfect, 2 the worst.</summary>
    private static double Brier(int[] y, double[] probabilities, int classes)
    {
        if (y.Length == 0)
        {
            return double.NaN;
        }

        var sum = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            for (var c = 0; c < classes; c++)
            {
                var d = probabilities[(i * classes) + c] - (y[i] == c ? 1 : 0);
                sum += d * d;
            }
        }

        return sum / y.Length;
    }
}
