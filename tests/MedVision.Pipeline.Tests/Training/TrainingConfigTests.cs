using MedVision.Data;
using MedVision.Data.Synthetic;
using MedVision.Nn.Weights;
using MedVision.Nn.Zoo;
using MedVision.Pipeline.Experiments;
using MedVision.Pipeline.Models;

namespace MedVision.Pipeline.Tests.Training;

public sealed class TrainingConfigTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mv-trainconf-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Yaml_ReadsEveryTrainerSetting_AndResolvesWeightsNextToTheFile()
    {
        var path = Path.Combine(_folder, "study.yaml");
        File.WriteAllText(path, """
            keep_checkpoints: true
            models:
              - name: resnet18
                schedule: onecycle
                step_epochs: 2
                lr_find: true
                freeze_epochs: 1
                lr_ratio: 100
                weights: weights/resnet18.pth
                clip_grad_norm: 1.5
                balance_classes: true
                sampling: balanced
            """);
        var config = ExperimentConfigLoader.Load(path);

        Assert.True(config.KeepCheckpoints);
        var m = Assert.Single(config.Models);
        Assert.Equal(("onecycle", 2, true, 1, 100.0, 1.5, true, "balanced"),
            (m.Schedule, m.StepEpochs, m.LrFind, m.FreezeEpochs, m.LrRatio, m.ClipGradNorm, m.BalanceClasses, m.Sampling));
        Assert.Equal(Path.Combine(_folder, "weights", "resnet18.pth"), m.Weights);
    }

    [Theory]
    [InlineData("schedule: warmup", "unknown schedule 'warmup'; known: constant, onecycle, cosine, step")]
    [InlineData("sampling: oversample", "unknown sampling 'oversample'; known: shuffle, balanced")]
    [InlineData("optimizer: lion", "unknown optimizer 'lion'; known: adam, adamw, sgd, rmsprop")]
    [InlineData("lr_ratio: 0.5", "lr_ratio must be ≥ 1, got 0.5")]
    [InlineData("freeze_epochs: -1", "freeze_epochs and step_epochs must be ≥ 0")]
    [InlineData("clip_grad_norm: -1", "clip_grad_norm must be ≥ 0, got -1")]
    public void BadTrainerSetting_NamesTheModelAndTheSetting(string line, string message)
    {
        var e = Assert.Throws<ExperimentConfigException>(() => ExperimentConfigLoader.Parse($"models:\n  - name: seed-cnn\n    {line}\n", "study.yaml"));
        Assert.Contains($"study.yaml: model seed-cnn: {message}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_ThatDoNotExist_OrDoNotFit_AreConfigErrorsNamingTheFile()
    {
        var store = Store();
        var missing = Path.Combine(_folder, "none.safetensors");
        var e = Assert.Throws<ExperimentConfigException>(() => ModelCatalog.Create(new ModelConfig { Name = "seed-cnn", Weights = missing }, store));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);

        // nodule-cnn's first convolution is 5×5, seed-cnn's 3×3.
        var other = Path.Combine(_folder, "nodule.safetensors");
        SafeTensors.Write(other, ModelZoo.Create("nodule-cnn", 1, 32, 32).StateDict());
        var recipe = ModelCatalog.Create(new ModelConfig { Name = "seed-cnn", Weights = other, Epochs = 1 }, store);
        var fold = new FoldData(0, [0, 1, 2, 3], [], [4, 5], 0);
        e = Assert.Throws<ExperimentConfigException>(() => recipe.RunFold(store, fold));
        Assert.StartsWith($"model seed-cnn: weights {other}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("'0.weight' has shape [32, 1, 3, 3] in the module but [32, 1, 5, 5]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_Onnx_GoThroughTheOnnxImporter()
    {
        var store = Store();
        var path = Path.Combine(_folder, "model.onnx");
        File.WriteAllText(path, "not a protobuf model\n");
        var recipe = ModelCatalog.Create(new ModelConfig { Name = "resnet18-mlnet", Weights = path, Epochs = 1 }, store);

        var e = Assert.Throws<MedVision.Nn.Onnx.OnnxFormatException>(() => recipe.RunFold(store, new FoldData(0, [0, 1, 2, 3], [], [4, 5], 0)));

        Assert.Equal(path, e.FileName);
        Assert.Contains("not a readable ONNX model", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resnet18", null, "use it with resnet18-imagenet")]
    [InlineData("resnet18-imagenet", "other-weights", "unknown pretrained weights 'other-weights'; known: imagenet-resnet18")]
    public void Pretrained_ForAnotherArchitectureOrUnknown_IsConfigError(string name, string? pretrained, string expected)
    {
        var e = Assert.Throws<ExperimentConfigException>(() =>
            ModelCatalog.Create(new ModelConfig { Name = name, Pretrained = pretrained ?? "imagenet-resnet18" }, Store()));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pretrained_BesideWeights_IsConfigError()
    {
        var path = Path.Combine(_folder, "w.safetensors");
        File.WriteAllText(path, "x");
        var e = Assert.Throws<ExperimentConfigException>(() =>
            ModelCatalog.Create(new ModelConfig { Name = "resnet18-imagenet", Pretrained = "imagenet-resnet18", Weights = path }, Store()));
        Assert.Contains("either weights or pretrained", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PatchRecipe_Weights_GoThroughTheImporterIntoThePatchNetwork()
    {
        var store = Store();
        var path = Path.Combine(_folder, "patch.onnx");
        File.WriteAllText(path, "not a protobuf model\n");
        var recipe = ModelCatalog.Create(new ModelConfig { Name = "resnet18-mlnet", Weights = path, Epochs = 1, PatchSize = 16, PatchesPerImage = 2 }, store);

        var e = Assert.Throws<MedVision.Nn.Onnx.OnnxFormatException>(() => recipe.RunFold(store, new FoldData(0, [0, 1, 2, 3], [], [4, 5], 0)));
        Assert.Equal(path, e.FileName);
    }

    private static ImageStore Store()
    {
        var phantom = MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 3, PatchesPerRegion = 1, Size = 32 });
        var dataset = new Dataset("phantom", "(generated)", MicrocalcificationPhantom.ClassNames, [.. phantom.Select(p => p.Sample)]);
        return ImageStore.FromImages(dataset, [.. phantom.Select(p => p.Image)]);
    }
}
