using System.Globalization;
using MedVision.Evaluation;
using MedVision.Pipeline.Experiments;
using MedVision.Pipeline.Results;
using MedVision.Reports.Html;
using MedVision.Reports.Svg;
using MedVision.Reports.Tables;

namespace MedVision.Pipeline.Reporting;

/// <summary>
/// The self-contained <c>report.html</c> of an experiment: data set, leakage audit, per-model evaluation (metric table
/// with intervals, per-fold ROC with mean ± std band, PR curve, calibration, confusion matrix, learning curves,
/// galleries of TP/FP/TN/FN and of the largest losses, Grad-CAM overlays, first-layer filters and feature maps,
/// t-SNE maps of the models' features), model comparison and the record needed to rerun.
/// </summary>
public static class StudyReport
{
    /// <summary>Section ids, in order; tests check each is present with content.</summary>
    public static IReadOnlyList<string> SectionIds { get; } = ["dataset", "leakage", "models", "galleries", "gradcam", "filters", "tsne", "comparison", "reproducibility"];

    /// <summary>The sections that exist only when the study has a CNN model (a feature-only report leaves them out).</summary>
    public static IReadOnlyList<string> CnnSectionIds { get; } = ["gradcam", "filters"];

    /// <summary>The report's HTML.</summary>
    public static string Build(ExperimentOutcome outcome) => Render(outcome).ToHtml();

    /// <summary>The report as a document: its HTML and, in <see cref="HtmlReport.FigureList"/>, every chart it embeds under the name its files get.</summary>
    public static HtmlReport Render(ExperimentOutcome outcome)
    {
        var results = outcome.Results;
        var report = new HtmlReport($"MedVision study: {results.Dataset.Name}");
        DatasetSection(report, outcome);
        LeakageSection(report, outcome.Leakage);
        ModelsSection(report, outcome);
        GalleriesSection(report, outcome);
        var cnns = outcome.Runs.Where(r => r.Folds.All(f => f.Network is not null)).ToList();
        if (cnns.Count > 0)
        {
            ExplanationSections.GradCam(report, outcome, cnns);
            ExplanationSections.Filters(report, outcome, cnns);
        }

        ExplanationSections.Tsne(report, outcome);
        ComparisonSection(report, results);
        ReproducibilitySection(report, outcome);
        return report;
    }

    /// <summary>The metric table: one row per model, each metric as "value (low–high)".</summary>
    public static ResultTable MetricTable(ExperimentResults results)
    {
        var header = new List<string> { "model", "kind" };
        header.AddRange(MetricColumns.Select(c => c.Title));
        var rows = results.Models.SelectMany(m =>
        {
            if (m.IsMulticlass)
            {
                return MulticlassReport.MetricRows(m, Format);
            }

            var row = new List<string> { m.Name, m.Kind };
            row.AddRange(MetricColumns.Select(c => Format(c.Pick(m.Metrics))));
            return [row];
        }).ToList();
        var confidence = Interval(results);
        return new ResultTable($"Held-out performance ({confidence})", header, rows);
    }

    /// <summary>The interval method of the first model's metrics ("" without models).</summary>
    private static string Interval(ExperimentResults results) =>
        results.Models.Count == 0 ? "" : results.Models[0].IsMulticlass ? results.Models[0].MulticlassMetrics!.Interval : results.Models[0].Metrics.Interval;

    private static readonly (string Title, Func<BinaryMetricEstimates, MetricEstimate> Pick)[] MetricColumns =
    [
        ("AUC", m => m.Auc), ("accuracy", m => m.Accuracy), ("sensitivity", m => m.Sensitivity), ("specificity", m => m.Specificity),
        ("PPV (precision)", m => m.Precision), ("NPV", m => m.Npv), ("F1", m => m.F1), ("MCC", m => m.Mcc), ("balanced accuracy", m => m.BalancedAccuracy),
    ];

    private static void DatasetSection(HtmlReport report, ExperimentOutcome outcome)
    {
        var d = outcome.Results.Dataset;
        report.Section("dataset", "Data set");
        report.Paragraph($"{d.Samples} images from {d.Source}, {d.Groups} groups, classes: {string.Join(", ", d.ClassNames.Select((c, i) => $"{i} = {c}"))}. Pixel content SHA-256 {d.ContentSha256[..16]}….");
        if (d.PositiveClass is { } positive)
        {
            report.Paragraph($"Positive class: {positive}. Scores are its probability; sensitivity, specificity, precision, the threshold, ROC and precision–recall curves refer to it.");
        }
        var header = new List<string> { "split" };
        header.AddRange(d.ClassNames);
        header.Add("total");
        var rows = d.ClassCountsBySplit.Select(kv =>
        {
            var row = new List<string> { kv.Key };
            row.AddRange(kv.Value.Select(v => v.ToString(CultureInfo.InvariantCulture)));
            row.Add(kv.Value.Sum().ToString(CultureInfo.InvariantCulture));
            return (IReadOnlyList<string>)row;
        }).ToList();
        report.Table(new ResultTable("Images per class and split", header, rows));
        var foldRows = outcome.Plan.Folds.Select(f =>
        {
            return (IReadOnlyList<string>)[$"{f.Index + 1}",
                MulticlassReport.ClassCounts(outcome, f.Train), MulticlassReport.ClassCounts(outcome, f.Validation), MulticlassReport.ClassCounts(outcome, f.Test)];
        }).ToList();
        report.Table(new ResultTable($"Folds ({string.Join(" / ", d.ClassNames)})", ["fold", "train", "validation", "test"], foldRows));
        for (var label = 0; label < d.ClassNames.Count; label++)
        {
            var sample = Enumerable.Range(0, outcome.Store.Images.Count)
                .Where(i => outcome.Store.Dataset.Samples[i].Label == label)
                .OrderBy(i => Hash(outcome.Store.Dataset.Samples[i].Id))
                .Take(12)
                .Select(i => (Thumbnails.Png(outcome.Store.Images[i]), outcome.Store.Dataset.Samples[i].Id));
            report.Gallery($"Random samples of class {d.ClassNames[label]}", sample);
        }
    }

    private static void LeakageSection(HtmlReport report, LeakageReport leakage)
    {
        report.Section("leakage", "Leakage audit");
        report.Paragraph($"Method: {leakage.Method}. {leakage.ExactDuplicates.Count} sets of byte-identical images, " +
            $"{leakage.NearDuplicates.Count} near-duplicate pairs, {leakage.GroupsAcrossSplits.Count} groups filed under more than one split; " +
            $"{leakage.MergedGroupCount} groups after merging duplicates. {(leakage.Clean ? "No leak found." : "Duplicates were merged into one group each so that no split separates them.")}");
        if (leakage.ExactDuplicates.Count > 0)
        {
            report.Table(new ResultTable("Exact duplicates (first 20)", ["images", "groups", "crosses splits"],
                [.. leakage.ExactDuplicates.Take(20).Select(s => (IReadOnlyList<string>)[string.Join(", ", s.Ids), string.Join(", ", s.Groups.Distinct()), s.CrossesSplits ? "yes" : "no"])]));
        }

        if (leakage.NearDuplicates.Count > 0)
        {
            report.Table(new ResultTable("Near duplicates (first 20)", ["image A", "image B", "Hamming", "correlation"],
                [.. leakage.NearDuplicates.Take(20).Select(p => (IReadOnlyList<string>)[p.IdA, p.IdB, p.Hamming.ToString(CultureInfo.InvariantCulture), p.Correlation.ToString("0.000", CultureInfo.InvariantCulture)])]));
        }

        foreach (var warning in leakage.Warnings)
        {
            report.Paragraph($"Warning: {warning}");
        }
    }

    private static void ModelsSection(HtmlReport report, ExperimentOutcome outcome)
    {
        var results = outcome.Results;
        report.Section("models", "Models");
        report.Paragraph($"Protocol: {results.Protocol.Description}. Metrics pool every held-out prediction; intervals from {Interval(results)}.");
        if (results.Models.Any(m => m.IsMulticlass))
        {
            report.Paragraph(MulticlassReport.MetricNote);
        }

        var table = MetricTable(results);
        report.Table(table);
        if (table.Rows.Any(r => r.Any(c => c.EndsWith(ZeroWidthMark, StringComparison.Ordinal))))
        {
            report.Paragraph(ZeroWidthNote);
        }

        var labels = outcome.Store.Dataset.Samples.Select(s => s.Label).ToArray();
        for (var m = 0; m < results.Models.Count; m++)
        {
            var model = results.Models[m];
            var run = outcome.Runs[m];
            var y = run.Evaluated.Select(i => labels[i]).ToArray();
            report.Section($"model-{model.Name}", $"{model.Name} ({model.Kind})", level: 3);
            report.Paragraph($"Per-fold AUC {model.FoldAucMean:0.000} ± {model.FoldAucStd:0.000}; Brier score {model.Brier:0.000}; expected calibration error {model.ExpectedCalibrationError:0.000} ({CalibrationBins} equal-width bins); training and prediction took {model.TrainSeconds:0.0} s.");
            if (!model.IsMulticlass)
            {
                report.Paragraph(DecisionRule(model));
            }

            if (model.Transfer is { } transfer)
            {
                TransferTable(report, transfer);
            }

            if (model.OperatingPoint is { } op)
            {
                report.Paragraph($"Operating point for sensitivity ≥ {op.Target:0.00}: threshold {Format(op.Threshold)}, sensitivity {Format(op.Sensitivity)}, specificity {Format(op.Specificity)}. The threshold is chosen on the held-out predictions themselves; its interval shows how much it moves between bootstrap samples.");
            }

            var figures = model.IsMulticlass ? MulticlassReport.Figures(model, run, y, outcome.Store.Dataset.ClassNames) : BinaryFigures(model, run, y, outcome.Store.Dataset.ClassNames);
            figures.AddRange(model.Histories.Take(1).SelectMany(h => LearningCharts(model.Name, h, model.Histories.Count)));
            report.Figures([.. figures]);
            report.Table(new ResultTable("Folds", ["fold", "train images", "test images", "AUC", "accuracy", "best epoch", "seconds"],
                [.. model.Folds.Select(f => (IReadOnlyList<string>)[$"{f.Fold}", $"{f.TrainSamples}", $"{f.TestSamples}", $"{f.Auc:0.000}", $"{f.Accuracy:0.000}", f.BestEpoch is { } b ? $"{b}" : "–", $"{f.Seconds:0.0}"])]));
        }
    }

    private static List<Figure> BinaryFigures(ModelResult model, ModelRun run, int[] y, IReadOnlyList<string> classes)
    {
        var name = Figure.Slug(model.Name);
        var figures = new List<Figure> { new($"roc-{name}", RocChart(model)), new($"pr-{name}", PrChart(model.Name, y, run.Scores)), new($"calibration-{name}", CalibrationChart(model.Name, y, run.Scores)) };
        var matrix = model.Metrics.Matrix.ToArray();
        var at = model.ValidationThreshold is { } v ? $"per-fold {v.Rule} thresholds (mean {model.Metrics.Threshold:0.000})" : $"threshold {model.Metrics.Threshold:0.000}";
        figures.Add(new($"confusion-{name}", ConfusionMatrixChart.ToSvg($"Confusion matrix, {model.Name}, {at}", classes,
            [[matrix[0, 0], matrix[0, 1]], [matrix[1, 0], matrix[1, 1]]])));
        return figures;
    }

    /// <summary>
    /// An external set's check of the bundle's operating point and probabilities: its own Youden threshold beside the
    /// bundle's and its logistic recalibration (slope 1 and intercept 0 when the probabilities hold on this set).
    /// </summary>
    private static void TransferTable(HtmlReport report, TransferCheck t)
    {
        report.Paragraph("Transfer check: does the bundle's operating point, chosen on its own validation data, hold on this set? " +
            "The set's own Youden threshold shows where this set would put it; a logistic recalibration of the bundle's probabilities on this set " +
            "gives slope 1 and intercept 0 when they hold (slope < 1: too extreme, > 1: too timid; intercept ≠ 0: too high or too low overall).");
        report.Table(new ResultTable("Transfer check", ["quantity", "this set", "if the bundle transfers"],
        [
            ["threshold", F(t.BundleThreshold), "(the bundle's)"],
            ["Youden threshold of this set", F(t.YoudenThreshold), F(t.BundleThreshold)],
            ["shift (this set − bundle)", $"{t.YoudenShift:+0.000;-0.000;0.000}", "0"],
            ["calibration slope", F(t.CalibrationSlope), "1"],
            ["calibration intercept", F(t.CalibrationIntercept), "0"],
            [$"expected calibration error ({CalibrationBins} bins)", F(t.ExpectedCalibrationError), "0"],
            ["Brier score", F(t.Brier), "–"],
        ]));
        foreach (var warning in t.Warnings)
        {
            report.Paragraph($"Warning: {warning}");
        }
    }

    /// <summary>Where the threshold behind the accuracy, sensitivity, specificity, PPV, NPV and the confusion matrix came from.</summary>
    internal static string DecisionRule(ModelResult model) => model.ValidationThreshold is { } v
        ? $"Operating point: each fold's test images are cut at the threshold its {v.Rule.Replace('_', ' ')} rule chose on that fold's validation images " +
          $"({string.Join(", ", v.FoldThresholds.Select(t => F(t)))}; mean {F(model.Metrics.Threshold)}); accuracy, sensitivity, specificity, PPV, NPV and the confusion matrix count these decisions."
        : $"Operating point: threshold {F(model.Metrics.Threshold)} (evaluation.threshold, fixed before the study); accuracy, sensitivity, specificity, PPV, NPV and the confusion matrix count decisions at it.";

    private static void GalleriesSection(HtmlReport report, ExperimentOutcome outcome)
    {
        report.Section("galleries", "Cases");
        report.Paragraph("Held-out images by outcome at each model's threshold (true/false positives and negatives, most confident first), and the images with the largest binary cross-entropy.");
        var labels = outcome.Store.Dataset.Samples.Select(s => s.Label).ToArray();
        for (var m = 0; m < outcome.Results.Models.Count; m++)
        {
            var run = outcome.Runs[m];
            report.Section($"galleries-{run.Name}", run.Name, level: 3);
            if (outcome.Results.Models[m].IsMulticlass)
            {
                MulticlassReport.Galleries(report, outcome, run, [.. run.Evaluated.Select(i => labels[i])]);
                continue;
            }

            Galleries(report, outcome, run, [.. run.Evaluated.Select(i => labels[i])], outcome.Results.Models[m].Metrics.Threshold);
        }
    }

    private static void Galleries(HtmlReport report, ExperimentOutcome outcome, ModelRun run, int[] y, double threshold)
    {
        IEnumerable<(byte[], string)> Pick(Func<int, bool> keep, Func<int, double> order) =>
            Enumerable.Range(0, y.Length).Where(keep).OrderBy(order).Take(10)
                .Select(i => (Thumbnails.Png(outcome.Store.Images[run.Evaluated[i]]), $"{outcome.Store.Dataset.Samples[run.Evaluated[i]].Id} p={run.Scores[i]:0.00}"));
        bool Positive(int i) => run.Scores[i] >= threshold;
        report.Gallery("True positives (most confident)", Pick(i => y[i] == 1 && Positive(i), i => -run.Scores[i]));
        report.Gallery("False positives (most confident)", Pick(i => y[i] == 0 && Positive(i), i => -run.Scores[i]));
        report.Gallery("False negatives (most confident)", Pick(i => y[i] == 1 && !Positive(i), i => run.Scores[i]));
        report.Gallery("True negatives (most confident)", Pick(i => y[i] == 0 && !Positive(i), i => run.Scores[i]));
        report.Gallery("Top losses (binary cross-entropy)", Pick(_ => true, i => -Loss(y[i], run.Scores[i])));
    }

    private static double Loss(int label, double p)
    {
        var q = Math.Clamp(label == 1 ? p : 1 - p, 1e-7, 1);
        return -Math.Log(q);
    }

    private static string RocChart(ModelResult model)
    {
        var chart = new LineChart($"ROC, {model.Name}", "false positive rate", "true positive rate") { XRange = (0, 1), YRange = (0, 1) };
        if (model.Roc is { } roc)
        {
            chart.Add(new Band("mean ± 1 std", roc.Fpr, roc.TprLower, roc.TprUpper, "#1f77b4"));
            for (var f = 0; f < roc.Folds.Count; f++)
            {
                chart.Add(new Series(roc.Folds.Count <= 6 ? $"fold {f + 1} (AUC {roc.FoldAucs[f]:0.000})" : "", roc.Folds[f].Fpr, roc.Folds[f].Tpr, "#9ab", Width: 1));
            }

            chart.Add(new Series($"mean (AUC {roc.MeanAuc:0.000} ± {roc.StdAuc:0.000})", roc.Fpr, roc.MeanTpr, "#1f77b4", Width: 2.4));
        }

        chart.Add(new Series("chance", [0, 1], [0, 1], "#999", Dashed: true, Width: 1));
        return chart.ToSvg();
    }

    private static string PrChart(string model, int[] y, double[] scores)
    {
        var pr = PrecisionRecallCurve.Compute(y, scores);
        var prevalence = y.Average();
        return new LineChart($"Precision-recall, {model}", "recall (sensitivity)", "precision (PPV)") { XRange = (0, 1), YRange = (0, 1) }
            .Add(new Series($"AP {pr.AveragePrecision:0.000}", pr.Recall, pr.Precision))
            .Add(new Series("prevalence", [0, 1], [prevalence, prevalence], "#999", Dashed: true, Width: 1))
            .ToSvg();
    }

    private static string CalibrationChart(string model, int[] y, double[] scores)
    {
        var curve = ReliabilityCurve.Compute(y, scores, CalibrationBins, BinStrategy.Uniform);
        return new LineChart($"Calibration, {model}", "mean predicted probability", "fraction positive") { XRange = (0, 1), YRange = (0, 1) }
            .Add(new Series($"ECE {curve.ExpectedCalibrationError:0.000} ({CalibrationBins} bins)", curve.ProbPred, curve.ProbTrue))
            .Add(new Series("perfect", [0, 1], [0, 1], "#999", Dashed: true, Width: 1))
            .ToSvg();
    }

    /// <summary>The learning curves of fold 1 (of <paramref name="folds"/>), titled so: epochs count from 1 as in the logs.</summary>
    private static IEnumerable<Figure> LearningCharts(string model, Training.TrainingHistory h, int folds)
    {
        var name = Figure.Slug(model);
        var which = folds > 1 ? $"fold 1 of {folds}" : "fold 1";
        var epochs = Enumerable.Range(1, h.TrainLoss.Count).Select(e => (double)e).ToList();
        var losses = h.TrainLoss.Concat(h.ValidationLoss).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        yield return new($"loss-{name}-fold1", new LineChart($"Loss per epoch, {model}, {which}", "epoch", "loss")
            .Add(new Series("train", epochs, h.TrainLoss))
            .Add(new Series("validation", epochs, h.ValidationLoss))
            .Add(new Series($"best epoch {h.BestEpoch + 1}", [h.BestEpoch + 1, h.BestEpoch + 1], [losses.Min(), losses.Max()], "#999", Dashed: true, Width: 1))
            .ToSvg());
        yield return new($"accuracy-{name}-fold1", new LineChart($"Accuracy per epoch, {model}, {which}", "epoch", "accuracy")
            .Add(new Series("train", epochs, h.TrainAccuracy))
            .Add(new Series("validation", epochs, h.ValidationAccuracy))
            .ToSvg());
        if (h.LrFinder is { } finder)
        {
            var logRates = finder.LearningRates.Select(Math.Log10).ToList();
            var chart = new LineChart(string.Create(CultureInfo.InvariantCulture, $"Learning-rate finder, {model}, {which}: suggested {finder.SuggestedLr:0.###e+0}"), "log10 learning rate", "loss")
                .Add(new Series("loss", logRates, finder.Losses, Width: 1))
                .Add(new Series("smoothed", logRates, finder.SmoothedLosses));
            yield return new($"lr-finder-{name}-fold1", chart.ToSvg());
        }
    }

    /// <summary>Bins of every expected calibration error the study reports (equal width over [0, 1]), in text, tables and charts alike.</summary>
    public const int CalibrationBins = ReliabilityCurve.DefaultEceBins;

    private static void ComparisonSection(HtmlReport report, ExperimentResults results)
    {
        report.Section("comparison", "Model comparison");
        if (results.Comparisons.Count == 0)
        {
            report.Paragraph("One model only: nothing to compare.");
            return;
        }

        report.Paragraph(results.Models.Any(m => m.IsMulticlass)
            ? "Paired tests on the same held-out cases: McNemar's test for the difference of accuracies of the most-probable-class decisions; the AUC column is the difference of macro one-vs-rest AUCs, without DeLong's test (it is defined for two classes only)."
            : "Paired tests on the same held-out cases: DeLong's test for the difference of AUCs and McNemar's test for the difference of accuracies at the threshold.");
        report.Table(new ResultTable("Paired comparisons", ["model A", "model B", "AUC A − B", "95% CI", "DeLong p", "McNemar p"],
            [.. results.Comparisons.Select(c => (IReadOnlyList<string>)[c.ModelA, c.ModelB, $"{c.AucDifference:+0.000;-0.000;0.000}", double.IsNaN(c.CiLow) ? "n/a" : $"{c.CiLow:0.000} – {c.CiHigh:0.000}", P(c.DelongP), P(c.McnemarP)])]));
    }

    private static void ReproducibilitySection(HtmlReport report, ExperimentOutcome outcome)
    {
        var r = outcome.Results.Reproducibility;
        report.Section("reproducibility", "Reproducibility");
        report.Paragraph($"MedVision {outcome.Results.MedvisionVersion} on {r.Runtime}, {r.Os}; seed {r.Seed}, {r.Threads} threads. The same command, data, seed and thread count give the same predictions.");
        if (r.Rerun is { } rerun)
        {
            report.Paragraph($"To run it again from the repository root (the settings below are {r.ConfigFile} beside this report; the rerun writes to a sibling folder to compare with):");
            report.Code(rerun);
        }

        report.Paragraph("Started as:");
        report.Code(r.Command);
        report.Paragraph($"Settings ({r.ConfigFile}; data-source sections the study does not read are left out):");
        report.Code(ExperimentConfigLoader.ToYaml(outcome.Config));
    }

    private static string Format(MetricEstimate m) =>
        double.IsNaN(m.CiLow) ? F(m.Value) : $"{F(m.Value)} ({F(m.CiLow)}–{F(m.CiHigh)}){(IsZeroWidth(m) ? ZeroWidthMark : "")}";

    /// <summary>Marks an interval of zero width in tables; <see cref="ZeroWidthNote"/> explains it.</summary>
    public const string ZeroWidthMark = "†";

    /// <summary>What a zero-width interval means, printed under any table that has one.</summary>
    public const string ZeroWidthNote =
        "† Zero-width interval: every bootstrap resample gave the same value (for instance, every resample separates the classes perfectly). " +
        "It shows that the held-out cases do not vary, not that the value is certain: with n cases and no error, the true error rate can still be about 3/n (the rule of three).";

    private static bool IsZeroWidth(MetricEstimate m) => double.IsFinite(m.CiLow) && m.CiLow == m.CiHigh;

    private static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.000", CultureInfo.InvariantCulture);

    private static string P(double p) => double.IsNaN(p) ? "n/a" : p < 0.001 ? "< 0.001" : p.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>FNV-1a of <paramref name="s"/>: a stable pseudo-random order for picking sample images.</summary>
    internal static uint Hash(string s)
    {
        // FNV-1a: a stable pseudo-random order for the sample grid (string.GetHashCode is randomised per process).
        var h = 2166136261u;
        foreach (var ch in s)
        {
            h = (h ^ ch) * 16777619u;
        }

        return h;
    }
}
