using System.Globalization;
using MedVision.Evaluation;
using MedVision.Reports.Html;
using MedVision.Reports.Svg;
using MedVision.Reports.Tables;
using static MedVision.Reports.Study.StudyReportInput;

namespace MedVision.Reports.Study;

/// <summary>
/// The self-contained <c>report.html</c> of an experiment: data set, leakage audit, per-model evaluation (metric table
/// with intervals, per-fold ROC with mean ± std band, PR curve, calibration, confusion matrix, learning curves,
/// galleries of TP/FP/TN/FN and of the largest losses, Grad-CAM overlays, first-layer filters and feature maps,
/// t-SNE maps of the models' features), model comparison and the record needed to rerun. It draws a
/// <see cref="StudyReportInput"/>, which holds every number, curve and image the page shows.
/// </summary>
public static class StudyReport
{
    /// <summary>Section ids, in order; tests check each is present with content.</summary>
    public static IReadOnlyList<string> SectionIds { get; } = ["dataset", "leakage", "models", "galleries", "gradcam", "filters", "tsne", "comparison", "reproducibility"];

    /// <summary>The sections that exist only when the study has a CNN model (a feature-only report leaves them out).</summary>
    public static IReadOnlyList<string> CnnSectionIds { get; } = ["gradcam", "filters"];

    /// <summary>Bins of every expected calibration error the study reports (equal width over [0, 1]), in text, tables and charts alike.</summary>
    public const int CalibrationBins = ReliabilityCurve.DefaultEceBins;

    /// <summary>Channels of each layer's feature maps the filter section shows (the first ones).</summary>
    public const int FeatureMapsShown = 16;

    /// <summary>Marks an interval of zero width in tables; <see cref="ZeroWidthNote"/> explains it.</summary>
    public const string ZeroWidthMark = "†";

    /// <summary>What a zero-width interval means, printed under any table that has one.</summary>
    public const string ZeroWidthNote =
        "† Zero-width interval: every bootstrap resample gave the same value (for instance, every resample separates the classes perfectly). " +
        "It shows that the held-out cases do not vary, not that the value is certain: with n cases and no error, the true error rate can still be about 3/n (the rule of three).";

    /// <summary>The report's HTML.</summary>
    public static string Build(StudyReportInput input) => Render(input).ToHtml();

    /// <summary>The report as a document: its HTML and, in <see cref="HtmlReport.FigureList"/>, every chart it embeds under the name its files get.</summary>
    public static HtmlReport Render(StudyReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var report = new HtmlReport($"MedVision study: {input.Dataset.Name}");
        DatasetSection(report, input.Dataset);
        LeakageSection(report, input.Leakage);
        ModelsSection(report, input);
        GalleriesSection(report, input.Models);
        if (input.Cnns.Count > 0)
        {
            ExplanationSections.GradCam(report, input.Cnns, input.Dataset.ClassNames);
            ExplanationSections.Filters(report, input.Cnns, input.Dataset.ClassNames);
        }

        ExplanationSections.Tsne(report, input.Tsne, input.Dataset.ClassNames);
        ComparisonSection(report, input);
        ReproducibilitySection(report, input.Reproducibility);
        return report;
    }

    /// <summary>The metric table: one row per model (K-class models: and one per class), each metric as "value (low–high)".</summary>
    public static ResultTable MetricTable(IReadOnlyList<ModelInput> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var header = new List<string> { "model", "kind" };
        header.AddRange(MetricColumns.Select(c => c.Title));
        var rows = models.SelectMany(m =>
        {
            if (m.IsMulticlass)
            {
                return MulticlassReport.MetricRows(m, Format);
            }

            var row = new List<string> { m.Name, m.Kind };
            row.AddRange(MetricColumns.Select(c => Format(c.Pick(BinaryMetrics(m)))));
            return [row];
        }).ToList();
        return new ResultTable($"Held-out performance ({Interval(models)})", header, rows);
    }

    /// <summary>The interval method of the first model's metrics ("" without models).</summary>
    private static string Interval(IReadOnlyList<ModelInput> models) =>
        models.Count == 0 ? "" : models[0].IsMulticlass ? models[0].MulticlassMetrics!.Interval : BinaryMetrics(models[0]).Interval;

    private static BinaryMetricEstimates BinaryMetrics(ModelInput model) =>
        model.Metrics ?? throw new ArgumentException($"model {model.Name} has neither binary nor multi-class metrics", nameof(model));

    private static readonly (string Title, Func<BinaryMetricEstimates, MetricEstimate> Pick)[] MetricColumns =
    [
        ("AUC", m => m.Auc), ("accuracy", m => m.Accuracy), ("sensitivity", m => m.Sensitivity), ("specificity", m => m.Specificity),
        ("PPV (precision)", m => m.Precision), ("NPV", m => m.Npv), ("F1", m => m.F1), ("MCC", m => m.Mcc), ("balanced accuracy", m => m.BalancedAccuracy),
    ];

    private static void DatasetSection(HtmlReport report, DatasetInput d)
    {
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
        var foldRows = d.Folds.Select(f => (IReadOnlyList<string>)[$"{f.Fold}", ClassCounts(f.Train), ClassCounts(f.Validation), ClassCounts(f.Test)]).ToList();
        report.Table(new ResultTable($"Folds ({string.Join(" / ", d.ClassNames)})", ["fold", "train", "validation", "test"], foldRows));
        for (var label = 0; label < d.ClassNames.Count; label++)
        {
            report.Gallery($"Random samples of class {d.ClassNames[label]}", Thumbs(d.SamplesByClass[label]));
        }
    }

    /// <summary>"n₀ / n₁ / …": images per class.</summary>
    private static string ClassCounts(int[] counts) => string.Join(" / ", counts.Select(n => n.ToString(CultureInfo.InvariantCulture)));

    internal static IEnumerable<(byte[], string)> Thumbs(IEnumerable<GalleryImage> images) => images.Select(i => (i.Png, i.Caption));

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

    private static void ModelsSection(HtmlReport report, StudyReportInput input)
    {
        report.Section("models", "Models");
        report.Paragraph($"Protocol: {input.Protocol}. Metrics pool every held-out prediction; intervals from {Interval(input.Models)}.");
        if (input.Models.Any(m => m.IsMulticlass))
        {
            report.Paragraph(MulticlassReport.MetricNote);
        }

        var table = MetricTable(input.Models);
        report.Table(table);
        if (table.Rows.Any(r => r.Any(c => c.EndsWith(ZeroWidthMark, StringComparison.Ordinal))))
        {
            report.Paragraph(ZeroWidthNote);
        }

        var classes = input.Dataset.ClassNames;
        foreach (var model in input.Models)
        {
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

            var figures = model.Curves switch
            {
                MulticlassCurves curves => MulticlassReport.Figures(model, curves, classes),
                BinaryCurves curves => BinaryFigures(model, curves, classes),
                _ => throw new ArgumentException($"model {model.Name}: unknown curves {model.Curves.GetType().Name}", nameof(input)),
            };
            if (model.Learning is { } learning)
            {
                figures.AddRange(LearningCharts(model.Name, learning));
            }

            report.Figures([.. figures]);
            report.Table(new ResultTable("Folds", ["fold", "train images", "test images", "AUC", "accuracy", "best epoch", "seconds"],
                [.. model.Folds.Select(f => (IReadOnlyList<string>)[$"{f.Fold}", $"{f.TrainSamples}", $"{f.TestSamples}", $"{f.Auc:0.000}", $"{f.Accuracy:0.000}", f.BestEpoch is { } b ? $"{b}" : "–", $"{f.Seconds:0.0}"])]));
        }
    }

    private static List<Figure> BinaryFigures(ModelInput model, BinaryCurves curves, IReadOnlyList<string> classes)
    {
        var name = Figure.Slug(model.Name);
        var metrics = BinaryMetrics(model);
        var figures = new List<Figure> { new($"roc-{name}", RocChart(model.Name, curves.Roc)), new($"pr-{name}", PrChart(model.Name, curves)), new($"calibration-{name}", CalibrationChart(model.Name, curves.Calibration)) };
        var matrix = metrics.Matrix.ToArray();
        var at = model.ValidationThreshold is { } v ? $"per-fold {v.Rule} thresholds (mean {metrics.Threshold:0.000})" : $"threshold {metrics.Threshold:0.000}";
        figures.Add(new($"confusion-{name}", ConfusionMatrixChart.ToSvg($"Confusion matrix, {model.Name}, {at}", classes,
            [[matrix[0, 0], matrix[0, 1]], [matrix[1, 0], matrix[1, 1]]])));
        return figures;
    }

    /// <summary>
    /// An external set's check of the bundle's operating point and probabilities: its own Youden threshold beside the
    /// bundle's and its logistic recalibration (slope 1 and intercept 0 when the probabilities hold on this set).
    /// </summary>
    private static void TransferTable(HtmlReport report, TransferInput t)
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

    /// <summary>Where the threshold behind the accuracy, sensitivity, specificity, PPV, NPV and the confusion matrix of a binary model came from.</summary>
    private static string DecisionRule(ModelInput model)
    {
        var threshold = BinaryMetrics(model).Threshold;
        return model.ValidationThreshold is { } v
            ? $"Operating point: each fold's test images are cut at the threshold its {v.Rule.Replace('_', ' ')} rule chose on that fold's validation images " +
              $"({string.Join(", ", v.FoldThresholds.Select(t => F(t)))}; mean {F(threshold)}); accuracy, sensitivity, specificity, PPV, NPV and the confusion matrix count these decisions."
            : $"Operating point: threshold {F(threshold)} (evaluation.threshold, fixed before the study); accuracy, sensitivity, specificity, PPV, NPV and the confusion matrix count decisions at it.";
    }

    private static void GalleriesSection(HtmlReport report, IReadOnlyList<ModelInput> models)
    {
        report.Section("galleries", "Cases");
        report.Paragraph("Held-out images by outcome at each model's threshold (true/false positives and negatives, most confident first), and the images with the largest binary cross-entropy.");
        foreach (var model in models)
        {
            report.Section($"galleries-{model.Name}", model.Name, level: 3);
            switch (model.Cases)
            {
                case MulticlassCaseGalleries k:
                    report.Gallery("Correct (most confident)", Thumbs(k.Correct));
                    report.Gallery("Errors (most confident)", Thumbs(k.Errors));
                    report.Gallery("Top losses (cross-entropy)", Thumbs(k.TopLosses));
                    break;
                case BinaryCaseGalleries b:
                    report.Gallery("True positives (most confident)", Thumbs(b.TruePositives));
                    report.Gallery("False positives (most confident)", Thumbs(b.FalsePositives));
                    report.Gallery("False negatives (most confident)", Thumbs(b.FalseNegatives));
                    report.Gallery("True negatives (most confident)", Thumbs(b.TrueNegatives));
                    report.Gallery("Top losses (binary cross-entropy)", Thumbs(b.TopLosses));
                    break;
                default:
                    throw new ArgumentException($"model {model.Name}: unknown case galleries {model.Cases.GetType().Name}", nameof(models));
            }
        }
    }

    private static string RocChart(string model, CrossValidatedRoc? roc)
    {
        var chart = new LineChart($"ROC, {model}", "false positive rate", "true positive rate") { XRange = (0, 1), YRange = (0, 1) };
        if (roc is not null)
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

    private static string PrChart(string model, BinaryCurves curves)
    {
        var pr = curves.PrecisionRecall;
        return new LineChart($"Precision-recall, {model}", "recall (sensitivity)", "precision (PPV)") { XRange = (0, 1), YRange = (0, 1) }
            .Add(new Series($"AP {pr.AveragePrecision:0.000}", pr.Recall, pr.Precision))
            .Add(new Series("prevalence", [0, 1], [curves.Prevalence, curves.Prevalence], "#999", Dashed: true, Width: 1))
            .ToSvg();
    }

    private static string CalibrationChart(string model, ReliabilityCurve curve) =>
        new LineChart($"Calibration, {model}", "mean predicted probability", "fraction positive") { XRange = (0, 1), YRange = (0, 1) }
            .Add(new Series($"ECE {curve.ExpectedCalibrationError:0.000} ({CalibrationBins} bins)", curve.ProbPred, curve.ProbTrue))
            .Add(new Series("perfect", [0, 1], [0, 1], "#999", Dashed: true, Width: 1))
            .ToSvg();

    /// <summary>The learning curves of fold 1, titled so: epochs count from 1 as in the logs.</summary>
    private static IEnumerable<Figure> LearningCharts(string model, LearningCurves h)
    {
        var name = Figure.Slug(model);
        var which = h.Folds > 1 ? $"fold 1 of {h.Folds}" : "fold 1";
        var epochs = Enumerable.Range(1, h.TrainLoss.Count).Select(e => (double)e).ToList();
        var losses = h.TrainLoss.Concat(h.ValidationLoss).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        yield return new($"loss-{name}-fold1", new LineChart($"Loss per epoch, {model}, {which}", "epoch", "loss")
            .Add(new Series("train", epochs, h.TrainLoss))
            .Add(new Series("validation", epochs, h.ValidationLoss))
            .Add(new Series($"best epoch {h.BestEpoch}", [h.BestEpoch, h.BestEpoch], [losses.Min(), losses.Max()], "#999", Dashed: true, Width: 1))
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

    private static void ComparisonSection(HtmlReport report, StudyReportInput input)
    {
        report.Section("comparison", "Model comparison");
        if (input.Comparisons.Count == 0)
        {
            report.Paragraph("One model only: nothing to compare.");
            return;
        }

        report.Paragraph(input.Models.Any(m => m.IsMulticlass)
            ? "Paired tests on the same held-out cases: McNemar's test for the difference of accuracies of the most-probable-class decisions; the AUC column is the difference of macro one-vs-rest AUCs, without DeLong's test (it is defined for two classes only)."
            : "Paired tests on the same held-out cases: DeLong's test for the difference of AUCs and McNemar's test for the difference of accuracies at the threshold.");
        report.Table(new ResultTable("Paired comparisons", ["model A", "model B", "AUC A − B", "95% CI", "DeLong p", "McNemar p"],
            [.. input.Comparisons.Select(c => (IReadOnlyList<string>)[c.ModelA, c.ModelB, $"{c.AucDifference:+0.000;-0.000;0.000}", double.IsNaN(c.CiLow) ? "n/a" : $"{c.CiLow:0.000} – {c.CiHigh:0.000}", P(c.DelongP), P(c.McnemarP)])]));
    }

    private static void ReproducibilitySection(HtmlReport report, ReproducibilityInput r)
    {
        report.Section("reproducibility", "Reproducibility");
        report.Paragraph($"MedVision {r.MedvisionVersion} on {r.Runtime}, {r.Os}; seed {r.Seed}, {r.Threads} threads. The same command, data, seed and thread count give the same predictions.");
        if (r.Rerun is { } rerun)
        {
            report.Paragraph($"To run it again from the repository root (the settings below are {r.ConfigFile} beside this report; the rerun writes to a sibling folder to compare with):");
            report.Code(rerun);
        }

        report.Paragraph("Started as:");
        report.Code(r.Command);
        report.Paragraph($"Settings ({r.ConfigFile}; data-source sections the study does not read are left out):");
        report.Code(r.Settings);
    }

    private static string Format(MetricEstimate m) =>
        double.IsNaN(m.CiLow) ? F(m.Value) : $"{F(m.Value)} ({F(m.CiLow)}–{F(m.CiHigh)}){(IsZeroWidth(m) ? ZeroWidthMark : "")}";

    private static bool IsZeroWidth(MetricEstimate m) => double.IsFinite(m.CiLow) && m.CiLow == m.CiHigh;

    private static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.000", CultureInfo.InvariantCulture);

    private static string P(double p) => double.IsNaN(p) ? "n/a" : p < 0.001 ? "< 0.001" : p.ToString("0.000", CultureInfo.InvariantCulture);
}
