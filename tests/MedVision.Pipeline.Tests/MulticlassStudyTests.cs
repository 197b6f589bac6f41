using System.Text.Json;
using MedVision.Imaging.Io;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Experiments;
using MedVision.Tensors;

namespace MedVision.Pipeline.Tests;

/// <summary>A three-class study end to end on a synthetic MedMNIST-layout archive: CNN and feature pipeline, results.json, report, bundle.</summary>
public sealed class MulticlassStudyTests : IDisposable
{
    private const int Size = 20;
    private readonly string _root = Directory.CreateTempSubdirectory("mv-multiclass-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// Writes <c>shapes.npz</c> with train/val/test arrays as MedMNIST stores them (uint8 images (N, H, W), labels (N, 1)):
    /// class c (of <paramref name="classes"/>) is a 6×6 square of grey level 90 + 70·c at a random place on a noisy dark
    /// background of <paramref name="size"/>².
    /// </summary>
    internal static string WriteShapes(string folder, int perClassTrain = 12, int perClassVal = 4, int perClassTest = 6, ulong seed = 11, int classes = 3, int size = Size)
    {
        var rng = new Generator(seed);
        var arrays = new Dictionary<string, NpyArray>();
        foreach (var (split, perClass) in new[] { ("train", perClassTrain), ("val", perClassVal), ("test", perClassTest) })
        {
            var n = classes * perClass;
            var pixels = new float[n * size * size];
            var labels = new float[n];
            for (var i = 0; i < n; i++)
            {
                var c = i % classes;
                labels[i] = c;
                var image = pixels.AsSpan(i * size * size, size * size);
                for (var p = 0; p < image.Length; p++)
                {
                    image[p] = (float)Math.Clamp(Math.Round(25 + (8 * rng.NextNormal())), 0, 255);
                }

                var (top, left) = (rng.NextInt(size - 6), rng.NextInt(size - 6));
                for (var y = top; y < top + 6; y++)
                {
                    for (var x = left; x < left + 6; x++)
                    {
                        image[(y * size) + x] = 90 + (70 * c);
                    }
                }
            }

            arrays[$"{split}_images"] = new NpyArray([n, size, size], pixels, NpyDType.UInt8);
            arrays[$"{split}_labels"] = new NpyArray([n, 1], labels, NpyDType.UInt8);
        }

        var path = Path.Combine(folder, "shapes.npz");
        NpzWriter.Write(path, arrays, compressed: true);
        return path;
    }

    private ExperimentConfig Config(params ModelConfig[] models) => new()
    {
        Data = WriteShapes(_root),
        Out = Path.Combine(_root, "out"),
        Protocol = new ProtocolConfig { Kind = "fixed" },
        Models = models,
        Evaluation = new EvaluationConfig { Bootstrap = 50 },
    };

    [Fact]
    public void ThreeClassStudy_WritesMulticlassMetricsReportAndBundles()
    {
        var config = Config(
            new ModelConfig { Name = "patch-cnn", Epochs = 12, BatchSize = 6, LearningRate = 1e-2, BalanceClasses = true, LabelSmoothing = 0.1 },
            new ModelConfig { Name = "stats-lr" });
        var outcome = new ExperimentRunner(config).Run();
        var written = ExperimentWriter.Write(outcome, config.Out);

        Assert.Equal(["0", "1", "2"], outcome.Store.Dataset.ClassNames);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(config.Out, "results.json")));
        var models = doc.RootElement.GetProperty("models");
        Assert.Equal(2, models.GetArrayLength());
        foreach (var model in models.EnumerateArray())
        {
            var metrics = model.GetProperty("metrics");
            foreach (var name in new[] { "auc", "auc_micro", "accuracy", "sensitivity", "specificity", "precision", "f1", "mcc", "balanced_accuracy", "kappa", "f1_weighted" })
            {
                var value = metrics.GetProperty(name).GetProperty("value");
                Assert.True(value.ValueKind == JsonValueKind.Number, $"{model.GetProperty("name")}: {name} is {value}; {metrics}");
                Assert.InRange(value.GetDouble(), -1, 1);
            }

            Assert.Equal(3, metrics.GetProperty("per_class").GetArrayLength());
            Assert.Equal("2", metrics.GetProperty("per_class")[2].GetProperty("class").GetString());
            Assert.Equal(6, metrics.GetProperty("per_class")[2].GetProperty("support").GetInt32());
            var matrix = metrics.GetProperty("confusion_matrix");
            Assert.Equal(["0", "1", "2"], matrix.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(18, matrix.GetProperty("counts").EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(v => v.GetInt64()));
        }

        // Grey level alone tells the classes apart: the intensity features with logistic regression get them all.
        var features = outcome.Results.Models[1].MulticlassMetrics!;
        Assert.Equal(1.0, features.Auc.Value);
        Assert.Equal(1.0, features.Accuracy.Value);
        Assert.True(outcome.Results.Models[0].MulticlassMetrics!.Auc.Value > 0.8, $"CNN macro AUC {outcome.Results.Models[0].MulticlassMetrics!.Auc.Value}");

        var predictions = File.ReadAllLines(Path.Combine(config.Out, "predictions.csv"));
        Assert.Equal("model,id,group,label,fold,predicted,p_0,p_1,p_2", predictions[0]);
        Assert.Equal(1 + 36, predictions.Length);

        var html = File.ReadAllText(Path.Combine(config.Out, "report.html"));
        Assert.Contains("ROC one-vs-rest, patch-cnn", html, StringComparison.Ordinal);
        Assert.Contains("Confusion matrix, patch-cnn (most probable class)", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(config.Out, "figures", "confusion-patch-cnn.svg")));
        Assert.Contains("stats-lr / 2", File.ReadAllText(Path.Combine(config.Out, "metrics.md")), StringComparison.Ordinal);

        // Each bundle keeps the three class names, a temperature in place of Platt's (binary) calibration, and scores as the experiment did.
        Assert.Contains("models/patch-cnn/weights.safetensors", written.Select(w => w.Replace('\\', '/')));
        var test = Enumerable.Range(0, outcome.Store.Images.Count).Where(i => outcome.Store.Dataset.Samples[i].Split == "test").ToArray();
        for (var m = 0; m < 2; m++)
        {
            var bundle = ModelBundle.Load(Path.Combine(config.Out, "models", outcome.Runs[m].Name));
            Assert.Equal(["0", "1", "2"], bundle.Manifest.ClassNames);
            Assert.Null(bundle.Manifest.Calibration);
            if (bundle.Manifest.Temperature is { } t)
            {
                Assert.True(t.Cases > 0);
                var path = ManifestEditor.Apply(Path.Combine(config.Out, "models", outcome.Runs[m].Name), "calibration.temperature", "0.001");
                var e = Assert.Throws<BundleFormatException>(() => ModelBundle.Load(Path.GetDirectoryName(path)!));
                Assert.Equal("calibration.temperature", e.Field);
                ManifestEditor.Apply(Path.GetDirectoryName(path)!, "calibration.temperature", t.Temperature.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            }
            var scores = bundle.PredictProba([.. test.Select(i => outcome.Store.Images[i])]);
            Assert.Equal(test.Length * 3, scores.Length);
            var run = outcome.Runs[m];
            var expected = test.SelectMany(i => run.Scores.AsSpan(Array.IndexOf(run.Evaluated, i) * 3, 3).ToArray()).ToArray();
            for (var j = 0; j < scores.Length; j++)
            {
                Assert.Equal(expected[j], scores[j], 6);
            }

            var first = scores[..3];
            Assert.Equal(outcome.Store.Dataset.ClassNames[Array.IndexOf(first, first.Max())], bundle.Label(first));
        }
    }

    [Fact]
    public void ThreeClassCnnFold_IsResumedFromItsFinishedFoldRecord()
    {
        var config = Config(new ModelConfig { Name = "patch-cnn", Epochs = 2, BatchSize = 6 }) with { KeepCheckpoints = true, Bundle = "none" };
        var first = new ExperimentRunner(config).Run();
        ExperimentWriter.Write(first, config.Out);
        var lines = new List<string>();
        var second = new ExperimentRunner(config, new Progress(lines.Add)).Run();
        Assert.Contains(lines, l => l.Contains("already trained", StringComparison.Ordinal));
        Assert.Equal(first.Runs[0].Scores, second.Runs[0].Scores);
        Assert.Equal(18 * 3, first.Runs[0].Scores.Length);
    }

    private sealed class Progress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    [Fact]
    public void LabelSmoothing_OnTwoClasses_IsAConfigError()
    {
        var data = WriteShapes(_root);
        var config = Config(new ModelConfig { Name = "patch-cnn", Epochs = 1, LabelSmoothing = 0.1 }) with
        {
            Data = null,
            PhantomRegionsPerClass = 4,
        };
        var e = Assert.Throws<ExperimentConfigException>(() => new ExperimentRunner(config).Run());
        Assert.Contains("model patch-cnn: label_smoothing needs three or more classes", e.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(data));
    }
}
