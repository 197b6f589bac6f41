using MedVision.Evaluation;
using MedVision.Pipeline.Experiments;
using MedVision.Pipeline.Results;
using MedVision.Reports.Study;
using static MedVision.Reports.Study.StudyReportInput;

namespace MedVision.Pipeline.Reporting;

/// <summary>
/// Assembles what <see cref="StudyReport"/> shows of a finished experiment: the numbers of its results record, the
/// curves of every model's held-out scores, and the gallery images (thumbnails of the data set's images; Grad-CAM,
/// filters and feature maps of the CNNs, t-SNE maps of every model's features, from <see cref="ExplanationInputs"/>).
/// </summary>
public static class StudyReportInputs
{
    /// <summary>Images per gallery of cases.</summary>
    private const int CasesShown = 10;

    /// <summary>Sample images per class in the data-set section.</summary>
    private const int SamplesShown = 12;

    /// <summary>The report's input for <paramref name="outcome"/>.</summary>
    public static StudyReportInput From(ExperimentOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var results = outcome.Results;
        var labels = outcome.Store.Dataset.Samples.Select(s => s.Label).ToArray();
        var r = results.Reproducibility;
        return new StudyReportInput
        {
            Dataset = Dataset(outcome),
            Leakage = outcome.Leakage,
            Protocol = results.Protocol.Description,
            Models = [.. results.Models.Select((m, i) => Model(outcome, m, outcome.Runs[i], [.. outcome.Runs[i].Evaluated.Select(e => labels[e])]))],
            Comparisons = [.. results.Comparisons.Select(c => new ComparisonInput(c.ModelA, c.ModelB, c.AucDifference, c.CiLow, c.CiHigh, c.DelongP, c.McnemarP))],
            Cnns = ExplanationInputs.Cnns(outcome),
            Tsne = ExplanationInputs.Tsne(outcome),
            Reproducibility = new ReproducibilityInput(results.MedvisionVersion, r.Runtime, r.Os, r.Seed, r.Threads, r.Command, r.ConfigFile, r.Rerun,
                ExperimentConfigLoader.ToYaml(outcome.Config)),
        };
    }

    private static DatasetInput Dataset(ExperimentOutcome outcome)
    {
        var d = outcome.Results.Dataset;
        var samples = outcome.Store.Dataset.Samples;
        int[] Counts(int[] indices) => [.. Enumerable.Range(0, d.ClassNames.Count).Select(label => indices.Count(i => samples[i].Label == label))];
        var folds = outcome.Plan.Folds.Select(f => new FoldCounts(f.Index + 1, Counts(f.Train), Counts(f.Validation), Counts(f.Test))).ToList();
        var byClass = Enumerable.Range(0, d.ClassNames.Count).Select(label => (IReadOnlyList<GalleryImage>)[.. Enumerable.Range(0, outcome.Store.Images.Count)
            .Where(i => samples[i].Label == label)
            .OrderBy(i => Hash(samples[i].Id))
            .Take(SamplesShown)
            .Select(i => new GalleryImage(Thumbnails.Png(outcome.Store.Images[i]), samples[i].Id))]).ToList();
        return new DatasetInput(d.Name, d.Source, d.ClassNames, d.Samples, d.Groups, d.ContentSha256, d.PositiveClass, d.ClassCountsBySplit, folds, byClass);
    }

    /// <summary>One model as the page shows it; <paramref name="y"/> holds the labels of <paramref name="run"/>'s evaluated cases.</summary>
    private static ModelInput Model(ExperimentOutcome outcome, ModelResult model, ModelRun run, int[] y)
    {
        var classes = outcome.Store.Dataset.ClassNames;
        var history = model.Histories.Count > 0 ? model.Histories[0] : null;
        return new ModelInput
        {
            Name = model.Name,
            Kind = model.Kind,
            Metrics = model.IsMulticlass ? null : model.Metrics,
            MulticlassMetrics = model.MulticlassMetrics,
            FoldAucMean = model.FoldAucMean,
            FoldAucStd = model.FoldAucStd,
            Brier = model.Brier,
            ExpectedCalibrationError = model.ExpectedCalibrationError,
            TrainSeconds = model.TrainSeconds,
            ValidationThreshold = model.ValidationThreshold is { } v ? new ValidationThresholdInput(v.Rule, v.FoldThresholds) : null,
            Transfer = model.Transfer is { } t
                ? new TransferInput(t.BundleThreshold, t.ExpectedCalibrationError, t.Brier, t.CalibrationSlope, t.CalibrationIntercept, t.YoudenThreshold, t.YoudenShift, t.Warnings)
                : null,
            OperatingPoint = model.OperatingPoint,
            Curves = model.IsMulticlass ? MulticlassCurves(run, y, classes.Count) : BinaryCurves(model, run, y),
            Learning = history is null ? null : new LearningCurves(history.TrainLoss, history.ValidationLoss, history.TrainAccuracy, history.ValidationAccuracy,
                history.BestEpoch + 1, model.Histories.Count,
                history.LrFinder is { } f ? new LrFinderCurve(f.LearningRates, f.Losses, f.SmoothedLosses, f.SuggestedLr) : null),
            Folds = [.. model.Folds.Select(f => new FoldRow(f.Fold, f.TrainSamples, f.TestSamples, f.Auc, f.Accuracy, f.BestEpoch, f.Seconds))],
            Cases = model.IsMulticlass ? MulticlassCases(outcome, run, y) : BinaryCases(outcome, run, y, model.Metrics.Threshold),
        };
    }

    private static BinaryCurves BinaryCurves(ModelResult model, ModelRun run, int[] y) =>
        new(model.Roc, PrecisionRecallCurve.Compute(y, run.Scores), y.Average(),
            ReliabilityCurve.Compute(y, run.Scores, StudyReport.CalibrationBins, BinStrategy.Uniform));

    /// <summary>The one-vs-rest ROC of every class with both outcomes among the cases, and the top-label reliability curve.</summary>
    private static MulticlassCurves MulticlassCurves(ModelRun run, int[] y, int k)
    {
        var roc = new List<ClassRoc>();
        for (var c = 0; c < k; c++)
        {
            var binary = y.Select(l => l == c ? 1 : 0).ToArray();
            if (binary.All(b => b == 1) || binary.All(b => b == 0))
            {
                continue;
            }

            var column = Enumerable.Range(0, y.Length).Select(i => run.Scores[(i * k) + c]).ToArray();
            roc.Add(new ClassRoc(c, RocCurve.Compute(binary, column)));
        }

        var (confidence, correct) = MulticlassEvaluation.TopLabel(y, run.Scores, k);
        return new MulticlassCurves(roc, ReliabilityCurve.Compute(correct, confidence, StudyReport.CalibrationBins, BinStrategy.Uniform));
    }

    /// <summary>The held-out cases by outcome at <paramref name="threshold"/>, most confident first, and the largest binary cross-entropies.</summary>
    private static BinaryCaseGalleries BinaryCases(ExperimentOutcome outcome, ModelRun run, int[] y, double threshold)
    {
        IReadOnlyList<GalleryImage> Pick(Func<int, bool> keep, Func<int, double> order) =>
            [.. Enumerable.Range(0, y.Length).Where(keep).OrderBy(order).Take(CasesShown)
                .Select(i => new GalleryImage(Thumbnails.Png(outcome.Store.Images[run.Evaluated[i]]), $"{outcome.Store.Dataset.Samples[run.Evaluated[i]].Id} p={run.Scores[i]:0.00}"))];
        bool Positive(int i) => run.Scores[i] >= threshold;
        return new BinaryCaseGalleries(
            TruePositives: Pick(i => y[i] == 1 && Positive(i), i => -run.Scores[i]),
            FalsePositives: Pick(i => y[i] == 0 && Positive(i), i => -run.Scores[i]),
            FalseNegatives: Pick(i => y[i] == 1 && !Positive(i), i => run.Scores[i]),
            TrueNegatives: Pick(i => y[i] == 0 && !Positive(i), i => run.Scores[i]),
            TopLosses: Pick(_ => true, i => -Loss(y[i], run.Scores[i])));
    }

    private static double Loss(int label, double p)
    {
        var q = Math.Clamp(label == 1 ? p : 1 - p, 1e-7, 1);
        return -Math.Log(q);
    }

    /// <summary>K classes: the most confident correct decisions and errors and the largest cross-entropies, each image with its true and predicted class.</summary>
    private static MulticlassCaseGalleries MulticlassCases(ExperimentOutcome outcome, ModelRun run, int[] y)
    {
        var classes = outcome.Store.Dataset.ClassNames;
        var k = classes.Count;
        var (confidence, correct) = MulticlassEvaluation.TopLabel(y, run.Scores, k);
        IReadOnlyList<GalleryImage> Pick(Func<int, bool> keep, Func<int, double> order) =>
            [.. Enumerable.Range(0, y.Length).Where(keep).OrderBy(order).Take(CasesShown).Select(i =>
            {
                var predicted = MulticlassEvaluation.ArgMax(run.Scores, k, i);
                return new GalleryImage(Thumbnails.Png(outcome.Store.Images[run.Evaluated[i]]),
                    $"{outcome.Store.Dataset.Samples[run.Evaluated[i]].Id} {classes[y[i]]}→{classes[predicted]} p={confidence[i]:0.00}");
            })];
        return new MulticlassCaseGalleries(
            Correct: Pick(i => correct[i] == 1, i => -confidence[i]),
            Errors: Pick(i => correct[i] == 0, i => -confidence[i]),
            TopLosses: Pick(_ => true, i => Math.Log(Math.Clamp(run.Scores[(i * k) + y[i]], 1e-7, 1))));
    }

    /// <summary>FNV-1a of <paramref name="s"/>: a stable pseudo-random order for picking sample images.</summary>
    internal static uint Hash(string s)
    {
        // string.GetHashCode is randomised per process.
        var h = 2166136261u;
        foreach (var ch in s)
        {
            h = (h ^ ch) * 16777619u;
        }

        return h;
    }
}
