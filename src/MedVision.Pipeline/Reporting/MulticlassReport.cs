using System.Globalization;
using MedVision.Evaluation;
using MedVision.Pipeline.Experiments;
using MedVision.Pipeline.Results;
using MedVision.Reports.Html;
using MedVision.Reports.Svg;

namespace MedVision.Pipeline.Reporting;

/// <summary>
/// The parts of <see cref="StudyReport"/> that differ for K-class studies (K ≥ 3): metric rows per class, one-vs-rest
/// ROC curves of every class, the K × K confusion matrix of the arg-max decisions, top-label calibration and galleries
/// of the most confident errors and the largest cross-entropy losses.
/// </summary>
internal static class MulticlassReport
{
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Metric table rows of one model: the summary row (macro values, as results.json) and one row per class (one-vs-rest).</summary>
    public static IEnumerable<IReadOnlyList<string>> MetricRows(ModelResult model, Func<MetricEstimate, string> format)
    {
        var m = model.MulticlassMetrics!;
        yield return [model.Name, model.Kind, format(m.Auc), format(m.Accuracy), format(m.Sensitivity), format(m.Specificity), format(m.Precision), "", format(m.F1), format(m.Mcc), format(m.BalancedAccuracy)];
        foreach (var c in m.PerClass)
        {
            yield return [$"{model.Name} / {c.Class}", model.Kind, format(c.Auc), "", format(c.Sensitivity), format(c.Specificity), format(c.Precision), "", format(c.F1), "", ""];
        }
    }

    /// <summary>A paragraph saying what the summary row means.</summary>
    public const string MetricNote =
        "Three or more classes: the decision is the most probable class; a model's first row gives the macro one-vs-rest AUC, the K-class accuracy, the unweighted means over the classes of sensitivity (recall), specificity, precision and F1, the K-class MCC and the balanced accuracy (= macro recall); the rows below it give each class against the rest.";

    /// <summary>The model's figures: per-class ROC, K × K confusion matrix and top-label calibration.</summary>
    public static List<Figure> Figures(ModelResult model, ModelRun run, int[] y, IReadOnlyList<string> classes)
    {
        var k = classes.Count;
        var m = model.MulticlassMetrics!;
        var roc = new LineChart($"ROC one-vs-rest, {model.Name}", "false positive rate", "true positive rate") { XRange = (0, 1), YRange = (0, 1) };
        for (var c = 0; c < k; c++)
        {
            var binary = y.Select(l => l == c ? 1 : 0).ToArray();
            if (binary.All(b => b == 1) || binary.All(b => b == 0))
            {
                continue;
            }

            var column = Enumerable.Range(0, y.Length).Select(i => run.Scores[(i * k) + c]).ToArray();
            var curve = RocCurve.Compute(binary, column);
            roc.Add(new Series($"{classes[c]} (AUC {curve.Auc:0.000})", curve.Fpr, curve.Tpr, Palette[c % Palette.Length]));
        }

        roc.Add(new Series("chance", [0, 1], [0, 1], "#999", Dashed: true, Width: 1));
        var (confidence, correct) = MulticlassEvaluation.TopLabel(y, run.Scores, k);
        var calibration = ReliabilityCurve.Compute(correct, confidence, StudyReport.CalibrationBins, BinStrategy.Uniform);
        var calibrationChart = new LineChart($"Calibration (top label), {model.Name}", "mean confidence", "fraction correct") { XRange = (0, 1), YRange = (0, 1) }
            .Add(new Series($"ECE {calibration.ExpectedCalibrationError:0.000} ({StudyReport.CalibrationBins} bins)", calibration.ProbPred, calibration.ProbTrue))
            .Add(new Series("perfect", [0, 1], [0, 1], "#999", Dashed: true, Width: 1));
        var name = Figure.Slug(model.Name);
        return [new($"roc-{name}", roc.ToSvg()), new($"confusion-{name}", ConfusionMatrixChart.ToSvg($"Confusion matrix, {model.Name} (most probable class)", classes, m.Matrix.Counts)),
            new($"calibration-{name}", calibrationChart.ToSvg())];
    }

    /// <summary>Galleries of one model: the most confident errors and the largest cross-entropy losses, each image with its true and predicted class.</summary>
    public static void Galleries(HtmlReport report, ExperimentOutcome outcome, ModelRun run, int[] y)
    {
        var classes = outcome.Store.Dataset.ClassNames;
        var k = classes.Count;
        var (confidence, correct) = MulticlassEvaluation.TopLabel(y, run.Scores, k);
        IEnumerable<(byte[], string)> Pick(Func<int, bool> keep, Func<int, double> order) =>
            Enumerable.Range(0, y.Length).Where(keep).OrderBy(order).Take(10).Select(i =>
            {
                var predicted = MulticlassEvaluation.ArgMax(run.Scores, k, i);
                return (Thumbnails.Png(outcome.Store.Images[run.Evaluated[i]]),
                    $"{outcome.Store.Dataset.Samples[run.Evaluated[i]].Id} {classes[y[i]]}→{classes[predicted]} p={confidence[i]:0.00}");
            });
        report.Gallery("Correct (most confident)", Pick(i => correct[i] == 1, i => -confidence[i]));
        report.Gallery("Errors (most confident)", Pick(i => correct[i] == 0, i => -confidence[i]));
        report.Gallery("Top losses (cross-entropy)", Pick(_ => true, i => Math.Log(Math.Clamp(run.Scores[(i * k) + y[i]], 1e-7, 1))));
    }

    /// <summary>"n₀ / n₁ / …": the images of each class among <paramref name="indices"/>.</summary>
    public static string ClassCounts(ExperimentOutcome outcome, int[] indices) =>
        string.Join(" / ", Enumerable.Range(0, outcome.Store.Dataset.ClassNames.Count)
            .Select(label => indices.Count(i => outcome.Store.Dataset.Samples[i].Label == label).ToString(CultureInfo.InvariantCulture)));
}
