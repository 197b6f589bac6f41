using System.Text.Json.Nodes;
using MedVision.Data.Synthetic;
using MedVision.Imaging.Io;
using MedVision.Nn.Weights;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Experiments;

namespace MedVision.Pipeline.Tests;

public sealed class ModelBundleTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("mv-bundle-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private static ExperimentConfig Small(string bundle, params ModelConfig[] models) => new()
    {
        PhantomRegionsPerClass = 12,
        Protocol = new ProtocolConfig { Folds = 3 },
        Models = models,
        Evaluation = new EvaluationConfig { Bootstrap = 0 },
        Bundle = bundle,
    };

    private (ExperimentOutcome Outcome, ModelBundle Saved, ModelBundle Loaded) RunAndReload(ExperimentConfig config)
    {
        var outcome = new ExperimentRunner(config).Run();
        ExperimentWriter.Write(outcome, _out);
        var saved = Assert.Single(outcome.Bundles!);
        return (outcome, saved, ModelBundle.Load(Path.Combine(_out, "models", saved.Manifest.Name)));
    }

    [Fact]
    public void FeatureBundle_FirstFold_ReproducesTheFoldsTestScores_AndReloadsToTheBit()
    {
        var (outcome, saved, loaded) = RunAndReload(Small("fold", new ModelConfig { Name = "wavelet-rf" }));
        var fold = outcome.Plan.Folds[0];
        var run = outcome.Runs[0];
        var expected = Enumerable.Range(0, run.Evaluated.Length).Where(k => run.FoldOf[k] == 0).Select(k => run.Scores[k]).ToArray();
        var images = fold.Test.Select(i => outcome.Store.Images[i]).ToList();

        // The bundle applies the model exactly as the experiment did, and the file gives the same bits back.
        Assert.Equal(expected, saved.PredictProba(images));
        Assert.Equal(expected, loaded.PredictProba(images));
        Assert.Equal(saved.Manifest.ToJson(), loaded.Manifest.ToJson());
        Assert.Equal("fold 1", loaded.Manifest.Training.Model);
        Assert.Equal(MicrocalcificationPhantom.ClassNames, loaded.Manifest.ClassNames);
        Assert.Equal(outcome.Store.ContentHash, loaded.Manifest.DataSha256);
        Assert.NotNull(loaded.Manifest.Calibration);
        Assert.Equal(fold.Train.Length + fold.Validation.Length, loaded.Manifest.Calibration!.Cases);
        Assert.Equal("wavelet", loaded.Manifest.Features!.Extractor);
    }

    [Fact]
    public void CnnBundle_Refit_ReloadsToTheBit()
    {
        var config = Small("refit", new ModelConfig { Name = "seed-cnn", Epochs = 1, InputSize = 32 }) with { PhantomRegionsPerClass = 6 };
        var (outcome, saved, loaded) = RunAndReload(config);
        Assert.Equal("refit", loaded.Manifest.Training.Model);
        Assert.Equal(outcome.Store.Images.Count, loaded.Manifest.Training.TrainSamples + loaded.Manifest.Training.ValidationSamples);
        Assert.Equal((32, 32), (loaded.Manifest.Input.Height!.Value, loaded.Manifest.Input.Width!.Value));
        Assert.Equal(1f / 255, loaded.Manifest.Input.Scale);
        var images = outcome.Store.Images.Take(20).ToList();
        var expected = saved.PredictProba(images);
        Assert.All(expected, p => Assert.InRange(p, 0, 1));
        Assert.Equal(expected, loaded.PredictProba(images));
        Assert.True(File.Exists(Path.Combine(_out, "models", "seed-cnn", "weights.safetensors")));
        Assert.False(Directory.Exists(Path.Combine(_out, "models", ".seed-cnn.tmp")));
    }

    [Fact]
    public void CnnBundle_FirstFold_ReproducesTheFoldsTestScores()
    {
        var config = Small("fold", new ModelConfig { Name = "seed-cnn", Epochs = 1, InputSize = 32 }) with { PhantomRegionsPerClass = 6 };
        var (outcome, _, loaded) = RunAndReload(config);
        var run = outcome.Runs[0];
        var expected = Enumerable.Range(0, run.Evaluated.Length).Where(k => run.FoldOf[k] == 0).Select(k => run.Scores[k]).ToArray();
        Assert.Equal(expected, loaded.PredictProba([.. outcome.Plan.Folds[0].Test.Select(i => outcome.Store.Images[i])]));
        Assert.Equal("validation", loaded.Manifest.Calibration!.FittedOn);
    }

    [Fact]
    public void BundleNone_WritesNoModels()
    {
        var outcome = new ExperimentRunner(Small("none", new ModelConfig { Name = "wavelet-nb" })).Run();
        var written = ExperimentWriter.Write(outcome, _out);
        Assert.Empty(outcome.Bundles!);
        Assert.DoesNotContain(written, w => w.StartsWith("models", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownBundleMode_IsAConfigError()
    {
        var e = Assert.Throws<ExperimentConfigException>(() => ExperimentConfigLoader.Parse("bundle: best\n"));
        Assert.Contains("bundle must be refit, fold or none", e.Message, StringComparison.Ordinal);
    }

    // Each case damages one field of a saved wavelet-nb bundle's model.json and expects the error to name the field.
    public static TheoryData<string, string> ManifestDamage() => new()
    {
        { "format_version", "7" },
        { "kind", "\"svm\"" },
        { "class_names", "[\"only-one\"]" },
        { "threshold", "1.5" },
        { "input", "remove" },
        { "input.scale", "0" },
        { "input.preprocess", "\"blur:9\"" },
        { "features.extractor", "\"fourier\"" },
        { "features.feature_count", "3" },
        { "features.settings.mode", "\"mirror\"" },
        { "calibration.a", "\"steep\"" },
        { "calibration.method", "\"temperature\"" },
        { "training", "remove" },
    };

    [Theory]
    [MemberData(nameof(ManifestDamage))]
    public void DamagedManifest_IsABundleError_NamingTheField(string field, string replacement)
    {
        var folder = SaveFeatureBundle();
        var path = ManifestEditor.Apply(folder, field, replacement);
        var e = Assert.Throws<BundleFormatException>(() => ModelBundle.Load(folder));
        Assert.Equal(path, e.FileName);
        Assert.StartsWith(field, e.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void DamagedPipeline_NamesPipelineJson()
    {
        var folder = SaveFeatureBundle();
        var path = Path.Combine(folder, ModelBundle.PipelineFile);
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        root["model"]!["classifier"]!["prior"] = JsonNode.Parse("[0.5]");
        File.WriteAllText(path, root.ToJsonString());
        var e = Assert.Throws<BundleFormatException>(() => ModelBundle.Load(folder));
        Assert.Equal(path, e.FileName);
        Assert.Equal("model.classifier.prior", e.Field);
    }

    [Fact]
    public void MissingFiles_AreBundleErrors()
    {
        var folder = SaveFeatureBundle();
        File.Delete(Path.Combine(folder, ModelBundle.PipelineFile));
        Assert.EndsWith(ModelBundle.PipelineFile, Assert.Throws<BundleFormatException>(() => ModelBundle.Load(folder)).FileName, StringComparison.Ordinal);
        Assert.Throws<BundleFormatException>(() => ModelBundle.Load(Path.Combine(_out, "nowhere")));
        File.WriteAllText(Path.Combine(folder, ModelBundle.ManifestFile), "{ not json");
        Assert.Throws<BundleFormatException>(() => ModelBundle.Load(folder));
    }

    [Fact]
    public void WeightsOfTheWrongShape_NameTheWeightsFile()
    {
        var config = Small("fold", new ModelConfig { Name = "seed-cnn", Epochs = 1, InputSize = 32 }) with { PhantomRegionsPerClass = 4, Protocol = new ProtocolConfig { Kind = "holdout" } };
        var outcome = new ExperimentRunner(config).Run();
        ExperimentWriter.Write(outcome, _out);
        var folder = Path.Combine(_out, "models", "seed-cnn");
        var weightsPath = Path.Combine(folder, ModelBundle.WeightsFile);
        var weights = SafeTensors.Read(weightsPath);
        var damaged = new WeightDict();
        foreach (var (name, tensor) in weights)
        {
            damaged.Add(name, name == weights[0].Key ? new WeightTensor([1], [0f]) : tensor);
        }

        SafeTensors.Write(weightsPath, damaged);
        var e = Assert.Throws<BundleFormatException>(() => ModelBundle.Load(folder));
        Assert.Equal(weightsPath, e.FileName);
        Assert.Contains(weights[0].Key, e.Message, StringComparison.Ordinal);

        var manifestPath = Path.Combine(folder, ModelBundle.ManifestFile);
        var root = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        root["architecture"] = "lenet";
        File.WriteAllText(manifestPath, root.ToJsonString());
        Assert.Equal("architecture", Assert.Throws<BundleFormatException>(() => ModelBundle.Load(folder)).Field);
    }

    [Fact]
    public void ExternalEvaluation_OfTheTrainingFolder_ScoresEveryImage()
    {
        var folder = SaveFeatureBundle();
        var data = Path.Combine(_out, "data");
        WritePhantom(data, regionsPerClass: 4, seed: 7);
        var bundle = ModelBundle.Load(folder);
        var outcome = ExternalEvaluation.Run(bundle, data, new EvaluationConfig { Bootstrap = 50 });
        var model = Assert.Single(outcome.Results.Models);
        Assert.Equal("external", outcome.Results.Protocol.Kind);
        Assert.Equal(outcome.Store.Images.Count, model.Metrics.Count);
        Assert.Equal(bundle.PredictProba(outcome.Store.Images), outcome.Runs[0].Scores);
        var written = ExperimentWriter.Write(outcome, Path.Combine(_out, "external"));
        Assert.Contains("report.html", written);
        Assert.Contains("results.json", written);
    }

    /// <summary>A class-per-folder phantom data set on disk.</summary>
    internal static void WritePhantom(string root, int regionsPerClass, int seed)
    {
        foreach (var (sample, image) in MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = regionsPerClass, Seed = seed }))
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, MicrocalcificationPhantom.ClassNames[sample.Label])).FullName;
            ImageFile.Write(Path.Combine(folder, sample.Id + ".png"), image);
        }
    }

    private string SaveFeatureBundle()
    {
        var outcome = new ExperimentRunner(Small("fold", new ModelConfig { Name = "wavelet-nb" })).Run();
        ExperimentWriter.Write(outcome, _out);
        return Path.Combine(_out, "models", "wavelet-nb");
    }
}
