using System.Runtime.InteropServices;
using MedVision.Data;
using MedVision.Pipeline.Experiments;
using MedVision.Pipeline.Models;
using MedVision.Pipeline.Results;

namespace MedVision.Pipeline.Bundles;

/// <summary>
/// A saved model on an external test set: every image of a data set (any layout <see cref="DatasetDiscovery"/> reads)
/// is scored by the bundle, and the scores are evaluated as one test fold with the same metrics, intervals and report
/// as an experiment (protocol kind <c>external</c>), so <see cref="ExperimentWriter"/> writes results.json, report.html
/// and the tables. K-class bundles are evaluated with the multi-class metrics.
/// </summary>
public static class ExternalEvaluation
{
    /// <summary>
    /// Scores and evaluates <paramref name="data"/>. The data set's class names must be the bundle's (in any order;
    /// labels are mapped by name). <paramref name="evaluation"/>'s threshold is replaced by the bundle's.
    /// </summary>
    public static ExperimentOutcome Run(ModelBundle bundle, string data, EvaluationConfig evaluation, int seed = 0,
        string? groupPattern = null, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(evaluation);
        var discovered = DatasetDiscovery.Discover(data, new DatasetOptions { GroupPattern = groupPattern });
        var dataset = Relabel(discovered, bundle.Manifest.ClassNames);
        var store = ImageStore.Load(dataset);
        progress?.Report($"{dataset.Samples.Count} images, classes {string.Join(" / ", dataset.ClassNames)}");
        if (store.ContentHash == bundle.Manifest.DataSha256)
        {
            progress?.Report($"warning: {data} holds the very images {bundle.Manifest.Name} was trained and validated on; this is not an external test");
        }

        var leakage = store.Audit();
        var seen = bundle.SeenInTraining(store.Images);
        if (seen.Count > 0)
        {
            var warning = $"{seen.Count} of {store.Images.Count} images hold the pixels of images {bundle.Manifest.Name} learnt from " +
                $"(e.g. {string.Join(", ", seen.Take(5).Select(i => dataset.Samples[i].Id))}): on them the metrics say how well it remembers, not how it does on new cases";
            progress?.Report($"warning: {warning}");
            leakage = leakage with { Warnings = [.. leakage.Warnings, warning] };
        }
        var groups = dataset.Samples.Select(s => s.Group).ToList();
        var all = Enumerable.Range(0, dataset.Samples.Count).ToArray();
        var plan = new ExperimentPlan([new FoldData(0, [], [], all, seed)],
            $"external test set: all {all.Length} images of {dataset.Name} scored by the saved model {bundle.Manifest.Name} ({bundle.Manifest.Training.Model})");
        var scores = bundle.PredictProba(store.Images);
        var run = new ModelRun(bundle.Manifest.Name, bundle.Manifest.Kind, all, scores, new int[all.Length], [new FoldRun(scores)])
        {
            Columns = ScoreColumns.Of(dataset.ClassNames.Count),
        };
        var labels = dataset.Samples.Select(s => s.Label).ToArray();
        evaluation = evaluation with { Threshold = bundle.Manifest.Threshold, ThresholdRule = null };
        var config = new ExperimentConfig
        {
            Data = Path.GetFullPath(data),
            GroupPattern = groupPattern,
            Preprocess = bundle.Manifest.Input.Preprocess,
            Protocol = new ProtocolConfig { Kind = "external", Folds = 1, Grouped = false },
            Models = [new ModelConfig { Name = bundle.Manifest.Name }],
            Evaluation = evaluation,
            Seed = seed,
            Bundle = "none",
            Latex = true,
        };
        var results = new ExperimentResults
        {
            MedvisionVersion = typeof(ExternalEvaluation).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            Dataset = new DatasetSummary(dataset.Name, dataset.Root, dataset.ClassNames, dataset.Samples.Count, groups.Distinct().Count(),
                dataset.ClassCountsBySplit(), store.ContentHash)
            { PositiveClass = bundle.IsMulticlass ? null : dataset.ClassNames[1] },
            Protocol = new ProtocolSummary("external", 1, false, 0, seed, plan.Description),
            Leakage = leakage,
            Models = [bundle.IsMulticlass
                ? MulticlassEvaluation.Evaluate(run, plan, labels, groups, dataset.ClassNames, evaluation, seed)
                : ExperimentRunner.Evaluate(run, plan, labels, groups, evaluation, seed) with { Transfer = Transfer(labels, scores, bundle.Manifest.Threshold, progress) }],
            Comparisons = [],
            Reproducibility = new ReproducibilityRecord(
                Environment.CommandLine, seed, Environment.ProcessorCount, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription, "config.yaml"),
        };
        return new ExperimentOutcome(config, store, groups, plan, leakage, results, [run]);
    }

    /// <summary>The set's own calibration of the bundle's probabilities and its own Youden threshold beside the bundle's.</summary>
    private static TransferCheck Transfer(int[] labels, double[] scores, double threshold, IProgress<string>? progress)
    {
        var calibration = Evaluation.LogisticCalibration.Fit(labels, scores);
        var warnings = new List<string>(calibration.Warnings);
        var youden = labels.Contains(0) && labels.Contains(1)
            ? Evaluation.OperatingPoints.SelectThreshold(labels, scores, Evaluation.ThresholdRule.Youden)
            : double.NaN;
        if (double.IsNaN(youden))
        {
            warnings.Add("youden threshold: one class only");
        }

        var check = new TransferCheck(threshold, Evaluation.ReliabilityCurve.ExpectedCalibrationErrorOf(labels, scores), Evaluation.ReliabilityCurve.Brier(labels, scores),
            calibration.Slope, calibration.Intercept, youden, youden - threshold, warnings);
        progress?.Report(FormattableString.Invariant(
            $"calibration on this set: slope {check.CalibrationSlope:0.00}, intercept {check.CalibrationIntercept:0.00}, ECE {check.ExpectedCalibrationError:0.000}, Brier {check.Brier:0.000}; its own Youden threshold {check.YoudenThreshold:0.000} is {check.YoudenShift:+0.000;-0.000;0} from the bundle's {threshold:0.000}"));
        return check;
    }

    /// <summary>The data set with its labels renumbered to the bundle's class order; an unknown class is an error.</summary>
    private static Dataset Relabel(Dataset dataset, IReadOnlyList<string> classNames)
    {
        var map = new int[dataset.ClassNames.Count];
        for (var c = 0; c < map.Length; c++)
        {
            map[c] = classNames.ToList().IndexOf(dataset.ClassNames[c]);
            if (map[c] < 0)
            {
                throw new DatasetFormatException(
                    $"{dataset.Root}: class '{dataset.ClassNames[c]}' is not one of the model's classes ({string.Join(", ", classNames)})");
            }
        }

        return dataset with
        {
            ClassNames = classNames,
            Samples = [.. dataset.Samples.Select(s => s with { Label = map[s.Label] })],
        };
    }
}
