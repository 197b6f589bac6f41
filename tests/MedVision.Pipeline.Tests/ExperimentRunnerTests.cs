using System.Text.Json;
using MedVision.Pipeline.Experiments;
using MedVision.Pipeline.Reporting;
using MedVision.Reports.Study;

namespace MedVision.Pipeline.Tests;

public sealed class ExperimentRunnerTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("mv-exp-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private static ExperimentConfig Small(string output, params ModelConfig[] models) => new()
    {
        Out = output,
        PhantomRegionsPerClass = 20,
        Protocol = new ProtocolConfig { Folds = 3 },
        Models = models,
        Evaluation = new EvaluationConfig { Bootstrap = 100 },
    };

    [Fact]
    public void PatchModel_IsRefitAndBundled_BesideAFeatureModel()
    {
        var config = Small(_out,
            new ModelConfig { Name = "patch-cnn", Epochs = 1, PatchSize = 40, PatchesPerImage = 3 },
            new ModelConfig { Name = "wavelet-nb" }) with
        { PhantomRegionsPerClass = 6, Evaluation = new EvaluationConfig { Bootstrap = 0 } };
        var lines = new List<string>();
        var outcome = new ExperimentRunner(config, new Progress(lines.Add)).Run();
        var written = ExperimentWriter.Write(outcome, _out);

        Assert.Equal(2, outcome.Results.Models.Count);
        Assert.Equal(["patch-cnn", "wavelet-nb"], outcome.Bundles!.Select(b => b.Manifest.Name));
        Assert.Contains("models/patch-cnn/model.json", written.Select(w => w.Replace('\\', '/')));
        Assert.Contains("models/patch-cnn/weights.safetensors", written.Select(w => w.Replace('\\', '/')));
        Assert.Contains(lines, l => l.Contains("patch-cnn: refit on all", StringComparison.Ordinal));

        // The refit network (all images, no test part) reloads and scores as it was saved.
        var saved = outcome.Bundles![0];
        var loaded = Bundles.ModelBundle.Load(Path.Combine(_out, "models", "patch-cnn"));
        Assert.Equal("refit", loaded.Manifest.Training.Model);
        Assert.Equal(outcome.Store.Images.Count, loaded.Manifest.Training.TrainSamples + loaded.Manifest.Training.ValidationSamples);
        Assert.Equal(40, loaded.Manifest.Patch!.Size);
        Assert.Equal(3, loaded.Manifest.Patch.TestOffsets.Count);
        var images = outcome.Store.Images.Take(8).ToList();
        Assert.Equal(saved.PredictProba(images), loaded.PredictProba(images));
    }

    private sealed class Progress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    [Fact]
    public void FeatureStudy_WritesTheResultsContractAndEveryFile()
    {
        var config = Small(_out, new ModelConfig { Name = "wavelet-rf" }, new ModelConfig { Name = "wavelet-nb" }) with { PhantomRegionsPerClass = 40 };
        var outcome = new ExperimentRunner(config).Run();
        var written = ExperimentWriter.Write(outcome, _out);

        Assert.Equal(
            ["config.yaml", "folds.csv", "predictions.csv", "metrics.md", "metrics.csv", "metrics.tex", "report.html",
                "models/wavelet-rf/model.json", "models/wavelet-rf/pipeline.json", "models/wavelet-rf/training-images.txt",
                "models/wavelet-nb/model.json", "models/wavelet-nb/pipeline.json", "models/wavelet-nb/training-images.txt", "results.json"],
            written.Select(w => w.Replace('\\', '/')).Where(w => !w.StartsWith("figures/", StringComparison.Ordinal)));

        // Every chart of the report is also a figure file pair, named as in the report.
        var figures = StudyReport.Render(StudyReportInputs.From(outcome)).FigureList.Select(f => f.Name).ToList();
        Assert.Contains("roc-wavelet-rf", figures);
        Assert.Contains("confusion-wavelet-nb", figures);
        Assert.Contains("tsne-wavelet-rf-fold1", figures);
        var expected = figures.SelectMany(f => Reports.Figures.FigureWriter.PngUnavailableReason() is null ? new[] { $"figures/{f}.svg", $"figures/{f}.png" } : [$"figures/{f}.svg"]);
        Assert.Equal(expected, written.Select(w => w.Replace('\\', '/')).Where(w => w.StartsWith("figures/", StringComparison.Ordinal)));
        Assert.All(expected, f => Assert.True(new FileInfo(Path.Combine(_out, f)).Length > 500, $"{f} is missing or nearly empty"));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "results.json")));
        var root = doc.RootElement;
        foreach (var key in new[] { "dataset", "protocol", "leakage", "models" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"results.json lacks '{key}'");
        }

        Assert.Equal(2, root.GetProperty("models").GetArrayLength());
        foreach (var model in root.GetProperty("models").EnumerateArray())
        {
            Assert.Equal("features", model.GetProperty("kind").GetString());
            var metrics = model.GetProperty("metrics");
            foreach (var name in new[] { "auc", "accuracy", "sensitivity", "specificity", "precision", "f1", "mcc", "balanced_accuracy" })
            {
                var m = metrics.GetProperty(name);
                var value = m.GetProperty("value").GetDouble();
                Assert.InRange(m.GetProperty("ci_low").GetDouble(), -1, value);
                Assert.InRange(m.GetProperty("ci_high").GetDouble(), value, 1);
            }
        }

        // The phantom is separable by wavelet features: a broken pipeline would sit near 0.5.
        Assert.True(outcome.Results.Models[0].Metrics.Auc.Value > 0.75, $"wavelet-rf AUC {outcome.Results.Models[0].Metrics.Auc.Value}");
        Assert.Single(outcome.Results.Comparisons);
    }

    [Fact]
    public void GroupedFolds_NeverSplitAGroup_AndEveryImageIsTestedOnce()
    {
        var config = Small(_out, new ModelConfig { Name = "wavelet-nb" });
        var outcome = new ExperimentRunner(config).Run();
        var foldOfGroup = new Dictionary<string, int>();
        foreach (var fold in outcome.Plan.Folds)
        {
            Assert.Empty(fold.Train.Intersect(fold.Test));
            Assert.Empty(fold.Validation.Intersect(fold.Test));
            Assert.Empty(fold.Train.Intersect(fold.Validation));
            foreach (var i in fold.Test)
            {
                var group = outcome.Groups[i];
                Assert.Equal(fold.Index, foldOfGroup.TryGetValue(group, out var f) ? f : foldOfGroup[group] = fold.Index);
            }

            var trainGroups = fold.Train.Concat(fold.Validation).Select(i => outcome.Groups[i]).ToHashSet();
            Assert.DoesNotContain(fold.Test.Select(i => outcome.Groups[i]), trainGroups.Contains);
        }

        Assert.Equal(Enumerable.Range(0, outcome.Store.Images.Count), outcome.Runs[0].Evaluated.Order());
    }

    [Fact]
    public void SameSeed_GivesTheSamePredictionsByte_ForByte()
    {
        string Predictions(string folder)
        {
            var config = Small(folder, new ModelConfig { Name = "wavelet-rf" }) with { Seed = 5 };
            ExperimentWriter.Write(new ExperimentRunner(config).Run(), folder);
            return File.ReadAllText(Path.Combine(folder, "predictions.csv"));
        }

        Assert.Equal(Predictions(Path.Combine(_out, "a")), Predictions(Path.Combine(_out, "b")));
    }

    [Fact]
    public void Report_HasEverySectionWithContent()
    {
        var config = Small(_out, new ModelConfig { Name = "wavelet-rf" }, new ModelConfig { Name = "wavelet-lr" });
        var html = StudyReport.Build(StudyReportInputs.From(new ExperimentRunner(config).Run()));
        foreach (var id in StudyReport.SectionIds.Except(StudyReport.CnnSectionIds))
        {
            var section = StudyReportTests.SectionOf(html, id);
            Assert.True(section is not null, $"section {id} missing");
            Assert.True(StudyReportTests.HasContent(section), $"section {id} has no image, chart or table");
        }

        // Without a CNN there is nothing for Grad-CAM or filter sections to show, so they are left out.
        Assert.All(StudyReport.CnnSectionIds, id => Assert.Null(StudyReportTests.SectionOf(html, id)));

        Assert.Contains("ROC, wavelet-rf", html, StringComparison.Ordinal);
        Assert.Contains("Confusion matrix", html, StringComparison.Ordinal);
        Assert.Contains("False positives", html, StringComparison.Ordinal);
        Assert.Contains("DeLong", html, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
    }

    [Fact]
    public void CnnStudy_TrainsAndReportsLearningCurves()
    {
        var config = Small(_out, new ModelConfig { Name = "seed-cnn", Epochs = 2, BatchSize = 16 }) with
        {
            PhantomRegionsPerClass = 6,
            Protocol = new ProtocolConfig { Kind = "holdout" },
            Evaluation = new EvaluationConfig { Bootstrap = 0 },
        };
        var runner = new ExperimentRunner(config);
        var outcome = runner.Run();

        var model = Assert.Single(outcome.Results.Models);
        Assert.Equal("cnn", model.Kind);
        var history = Assert.Single(model.Histories);
        Assert.Equal(2, history.TrainLoss.Count);
        Assert.All(history.TrainLoss, l => Assert.True(double.IsFinite(l)));
        Assert.All(outcome.Runs[0].Scores, s => Assert.InRange(s, 0, 1));
        Assert.Contains("Loss per epoch", StudyReport.Build(StudyReportInputs.From(outcome)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gabor-svm")]
    [InlineData("glcm-rf")]
    [InlineData("lbp-lr")]
    [InlineData("stats-nb")]
    public void TextureFeaturePipelines_Run(string name)
    {
        var config = Small(_out, new ModelConfig { Name = name }) with { PhantomRegionsPerClass = 6, Evaluation = new EvaluationConfig { Bootstrap = 0 } };
        var result = Assert.Single(new ExperimentRunner(config).Run().Results.Models);
        Assert.Equal("features", result.Kind);
        Assert.InRange(result.Metrics.Auc.Value, 0, 1);
    }

    [Fact]
    public void UnknownModel_NamesTheChoices()
    {
        var config = Small(_out, new ModelConfig { Name = "wavelet-xgb" });
        var e = Assert.Throws<ExperimentConfigException>(() => new ExperimentRunner(config).Run());
        Assert.Contains("unknown classifier 'xgb'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FixedProtocol_UsesTheFoldersSplit()
    {
        var root = Path.Combine(_out, "data");
        var phantom = Data.Synthetic.MicrocalcificationPhantom.Generate(new Data.Synthetic.PhantomOptions { RegionsPerClass = 10, PatchesPerRegion = 1, Size = 32 });
        for (var i = 0; i < phantom.Count; i++)
        {
            var (sample, image) = phantom[i];
            var split = i < 12 ? "Train" : i < 16 ? "Val" : "Test";
            var folder = Directory.CreateDirectory(Path.Combine(root, split, sample.Label.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
            Imaging.Io.ImageFile.Write(Path.Combine(folder, $"{sample.Id}.png"), image);
        }

        var config = Small(_out, new ModelConfig { Name = "wavelet-knn" }) with { Data = root, Protocol = new ProtocolConfig { Kind = "fixed" } };
        var outcome = new ExperimentRunner(config).Run();

        var fold = Assert.Single(outcome.Plan.Folds);
        Assert.Equal(12, fold.Train.Length);
        Assert.Equal(4, fold.Validation.Length);
        Assert.Equal(4, fold.Test.Length);
        Assert.All(fold.Test, i => Assert.Equal("test", outcome.Store.Dataset.Samples[i].Split));
    }
}
