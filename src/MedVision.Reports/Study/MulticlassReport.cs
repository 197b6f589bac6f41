using MedVision.Reports.Svg;
using static MedVision.Reports.Study.StudyReportInput;

namespace MedVision.Reports.Study;

/// <summary>
/// The parts of <see cref="StudyReport"/> that differ for K-class studies (K ≥ 3): metric rows per class, one-vs-rest
/// ROC curves of every class, the K × K confusion matrix of the arg-max decisions and top-label calibration.
/// </summary>
internal static class MulticlassReport
{
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Metric table rows of one model: the summary row (macro values, as results.json) and one row per class (one-vs-rest).</summary>
    public static IEnumerable<IReadOnlyList<string>> MetricRows(ModelInput model, Func<Evaluation.MetricEstimate, string> format)
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
    public static List<Figure> Figures(ModelInput model, MulticlassCurves curves, IReadOnlyList<string> classes)
    {
        var m = model.MulticlassMetrics ?? throw new ArgumentException($"model {model.Name} has multi-class curves but no multi-class metrics", nameof(model));
        var roc = new LineChart($"ROC one-vs-rest, {model.Name}", "false positive rate", "true positive rate") { XRange = (0, 1), YRange = (0, 1) };
        foreach (var (c, curve) in curves.Roc)
        {
            roc.Add(new Series($"{classes[c]} (AUC {curve.Auc:0.000})", curve.Fpr, curve.Tpr, Palette[c % Palette.Length]));
        }

        roc.Add(new Series("chance", [0, 1], [0, 1], "#999", Dashed: true, Width: 1));
        var calibration = curves.Calibration;
        var calibrationChart = new LineChart($"Calibration (top label), {model.Name}", "mean confidence", "fraction correct") { XRange = (0, 1), YRange = (0, 1) }
            .Add(new Series($"ECE {calibration.ExpectedCalibrationError:0.000} ({StudyReport.CalibrationBins} bins)", calibration.ProbPred, calibration.ProbTrue))
            .Add(new Series("perfect", [0, 1], [0, 1], "#999", Dashed: true, Width: 1));
        var name = Figure.Slug(model.Name);
        return [new($"roc-{name}", roc.ToSvg()), new($"confusion-{name}", ConfusionMatrixChart.ToSvg($"Confusion matrix, {model.Name} (most probable class)", classes, m.Matrix.Counts)),
            new($"calibration-{name}", calibrationChart.ToSvg())];
    }
}
