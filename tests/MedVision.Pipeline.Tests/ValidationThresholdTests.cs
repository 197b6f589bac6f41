using MedVision.Evaluation;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Experiments;
using MedVision.Pipeline.Models;

namespace MedVision.Pipeline.Tests;

/// <summary><c>evaluation.threshold_rule</c>: thresholds chosen on validation predictions, test metrics at them, the bundle's threshold.</summary>
public sealed class ValidationThresholdTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("mv-threshold-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    /// <summary>Two folds over 12 cases: validation 0–3 / test 4–7 and validation 8–11 / test 0–3 (labels alternate).</summary>
    private static (ModelRun Run, ExperimentPlan Plan, int[] Labels) TwoFolds(double[] testScores)
    {
        int[] labels = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
        var plan = new ExperimentPlan(
            [new FoldData(0, [], [0, 1, 2, 3], [4, 5, 6, 7], 0), new FoldData(1, [], [8, 9, 10, 11], [0, 1, 2, 3], 1)], "two folds");
        var folds = new List<FoldRun>
        {
            new(testScores[..4]) { ValidationScores = [0.1, 0.35, 0.3, 0.6] },
            new(testScores[4..]) { ValidationScores = [0.7, 0.8, 0.2, 0.75] },
        };
        return (new ModelRun("m", "features", [4, 5, 6, 7, 0, 1, 2, 3], testScores, [0, 0, 0, 0, 1, 1, 1, 1], folds), plan, labels);
    }

    [Fact]
    public void Thresholds_AreChosenOnEachFoldsValidationScores_NeverOnTestScores()
    {
        var evaluation = new EvaluationConfig { ThresholdRule = "youden" };
        var (run, plan, labels) = TwoFolds([0.2, 0.9, 0.4, 0.5, 0.6, 0.65, 0.1, 0.95]);

        var chosen = ValidationThreshold.Choose(run, plan, labels, evaluation)!;

        // Fold 1 validation: negatives 0.1, 0.3 and positives 0.35, 0.6 → J = 1 at 0.35. Fold 2: negatives 0.7, 0.2,
        // positives 0.8, 0.75 → J = 1 at 0.75.
        Assert.Equal([0.35, 0.75], chosen.FoldThresholds);
        Assert.Equal([4, 4], chosen.ValidationImages);
        var (shuffled, _, _) = TwoFolds([0.95, 0.1, 0.65, 0.6, 0.5, 0.4, 0.9, 0.2]);
        Assert.Equal(chosen.FoldThresholds, ValidationThreshold.Choose(shuffled, plan, labels, evaluation)!.FoldThresholds);
    }

    [Fact]
    public void PooledMetrics_CutEachCaseAtItsFoldsThreshold_AndKeepTheScoresAuc()
    {
        var (run, plan, labels) = TwoFolds([0.2, 0.9, 0.4, 0.5, 0.6, 0.65, 0.1, 0.95]);
        var chosen = ValidationThreshold.Choose(run, plan, labels, new EvaluationConfig { ThresholdRule = "youden" })!;
        var y = run.Evaluated.Select(i => labels[i]).ToArray();

        var metrics = chosen.Metrics(y, run.Scores, run.FoldOf, null);

        // Fold 1 (t = 0.35) test: 0.2→0, 0.9→1, 0.4→1, 0.5→1 for labels 0, 1, 0, 1; fold 2 (t = 0.75): 0.6→0, 0.65→0, 0.1→0, 0.95→1 for 0, 1, 0, 1.
        Assert.Equal(new ConfusionMatrix(TruePositives: 3, FalsePositives: 1, TrueNegatives: 3, FalseNegatives: 1), metrics.Matrix);
        Assert.Equal(0.55, metrics.Threshold, 12);
        Assert.Equal(RocCurve.AucOnly(y, run.Scores), metrics.Auc.Value, 12);
        Assert.Equal(0.75, metrics.Accuracy.Value, 12);
    }

    [Fact]
    public void OneClassValidation_KeepsTheConfiguredThreshold_WithAWarning()
    {
        var (threshold, warning) = ValidationThreshold.ChooseOne([1, 1, 1], [0.2, 0.4, 0.9], new EvaluationConfig { ThresholdRule = "youden", Threshold = 0.4 });

        Assert.Equal(0.4, threshold);
        Assert.Contains("found no threshold on 3 validation images", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evaluation:\n  threshold_rule: median\n", "evaluation.threshold_rule must be youden, target_sensitivity, best_accuracy, got 'median'")]
    [InlineData("evaluation:\n  threshold_rule: target_sensitivity\n  target_sensitivity: null\n", "evaluation.threshold_rule target_sensitivity needs evaluation.target_sensitivity")]
    public void BadRules_AreConfigErrors(string yaml, string expected)
    {
        var e = Assert.Throws<ExperimentConfigException>(() => ExperimentConfigLoader.Parse(yaml, "s.yaml"));
        Assert.Equal($"s.yaml: {expected}", e.Message);
    }

    private ExperimentConfig Config(string kind, string bundle, params ModelConfig[] models) => new()
    {
        Out = Path.Combine(_out, $"{kind}-{bundle}-{models[0].Name}"),
        PhantomRegionsPerClass = 12,
        Protocol = new ProtocolConfig { Kind = kind, Folds = 3 },
        Models = models,
        Evaluation = new EvaluationConfig { Bootstrap = 50, ThresholdRule = "target_sensitivity", TargetSensitivity = 0.8 },
        Bundle = bundle,
    };

    [Fact]
    public void CrossValidatedFeaturePipeline_ReportsTestMetricsAtValidationThresholds_AndTheRefitBundleKeepsItsOwn()
    {
        var config = Config("kfold", "refit", new ModelConfig { Name = "wavelet-nb" });

        var outcome = new ExperimentRunner(config).Run();

        var model = outcome.Results.Models[0];
        var chosen = model.ValidationThreshold!;
        Assert.Equal("target_sensitivity", chosen.Rule);
        Assert.Equal(0.8, chosen.Target);
        Assert.Null(model.OperatingPoint);
        var labels = outcome.Store.Dataset.Samples.Select(s => s.Label).ToArray();
        var decisions = new List<(int Label, bool Positive)>();
        for (var f = 0; f < outcome.Plan.Folds.Count; f++)
        {
            var fold = outcome.Plan.Folds[f];
            var run = outcome.Runs[0].Folds[f];
            Assert.Equal(fold.Validation.Length, run.ValidationScores!.Length);
            var expected = OperatingPoints.SelectThreshold([.. fold.Validation.Select(i => labels[i])], run.ValidationScores, ThresholdRule.TargetSensitivity, 0.8);
            Assert.Equal(expected, chosen.FoldThresholds[f]);
            decisions.AddRange(fold.Test.Select((i, k) => (labels[i], run.TestScores[k] >= expected)));
            Assert.Equal(ThresholdMetrics.Compute([.. fold.Test.Select(i => labels[i])], run.TestScores, expected).Accuracy, model.Folds[f].Accuracy);
        }

        Assert.Equal(decisions.Count(d => d.Label == 1 && d.Positive), model.Metrics.Matrix.TruePositives);
        Assert.Equal(decisions.Count(d => d.Label == 0 && d.Positive), model.Metrics.Matrix.FalsePositives);
        var bundle = Assert.Single(outcome.Bundles!);
        Assert.Contains("target_sensitivity on the", bundle.Manifest.Metrics!["threshold_from"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("of the refit", bundle.Manifest.Metrics!["threshold_from"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.InRange(bundle.Manifest.Threshold, 0, 1);
    }

    [Fact]
    public void HoldOutCnn_ScoresItsValidationImages_AndTheBundleKeepsTheSplitsThreshold()
    {
        var config = Config("holdout", "refit", new ModelConfig { Name = "seed-cnn", Epochs = 1, InputSize = 32 }) with { PhantomRegionsPerClass = 6 };

        var outcome = new ExperimentRunner(config).Run();

        var fold = Assert.Single(outcome.Runs[0].Folds);
        Assert.Equal(outcome.Plan.Folds[0].Validation.Length, fold.ValidationScores!.Length);
        var chosen = outcome.Results.Models[0].ValidationThreshold!;
        Assert.Equal(chosen.FoldThresholds[0], outcome.Bundles![0].Manifest.Threshold);
        Assert.Equal(chosen.FoldThresholds[0], outcome.Results.Models[0].Metrics.Threshold);
    }

    [Fact]
    public void ExternalEvaluation_ReportsCalibrationAndItsOwnYoudenThreshold()
    {
        var outcome = new ExperimentRunner(Config("holdout", "fold", new ModelConfig { Name = "wavelet-nb" }) with { Evaluation = new EvaluationConfig { Bootstrap = 0, ThresholdRule = "youden" } }).Run();
        ExperimentWriter.Write(outcome, outcome.Config.Out);
        var bundle = ModelBundle.Load(Path.Combine(outcome.Config.Out, "models", "wavelet-nb"));
        var data = Path.Combine(_out, "external");
        ModelBundleTests.WritePhantom(data, regionsPerClass: 6, seed: 21);
        var lines = new List<string>();

        var external = ExternalEvaluation.Run(bundle, data, new EvaluationConfig { Bootstrap = 0 }, progress: new Lines(lines));

        var model = external.Results.Models[0];
        var transfer = model.Transfer!;
        var labels = external.Store.Dataset.Samples.Select(s => s.Label).ToArray();
        var scores = external.Runs[0].Scores;
        Assert.Equal(outcome.Results.Models[0].ValidationThreshold!.FoldThresholds[0], bundle.Manifest.Threshold);
        Assert.Equal(bundle.Manifest.Threshold, model.Metrics.Threshold);
        Assert.Equal(bundle.Manifest.Threshold, transfer.BundleThreshold);
        var calibration = LogisticCalibration.Fit(labels, scores);
        Assert.Equal((calibration.Slope, calibration.Intercept), (transfer.CalibrationSlope, transfer.CalibrationIntercept));
        Assert.Equal(ReliabilityCurve.ExpectedCalibrationErrorOf(labels, scores), transfer.ExpectedCalibrationError);
        Assert.Equal(ReliabilityCurve.Brier(labels, scores), transfer.Brier);
        var youden = OperatingPoints.SelectThreshold(labels, scores, ThresholdRule.Youden);
        Assert.Equal(youden, transfer.YoudenThreshold);
        Assert.Equal(youden - bundle.Manifest.Threshold, transfer.YoudenShift, 12);
        Assert.Contains(lines, l => l.StartsWith("calibration on this set: slope", StringComparison.Ordinal));
        var json = File.ReadAllText(ExperimentWriter.Write(external, Path.Combine(_out, "external-out")).Select(p => Path.Combine(_out, "external-out", p)).Single(p => p.EndsWith("results.json", StringComparison.Ordinal)));
        Assert.Contains("\"calibration_slope\"", json, StringComparison.Ordinal);
        Assert.Contains("\"youden_shift\"", json, StringComparison.Ordinal);
    }

    private sealed class Lines(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
