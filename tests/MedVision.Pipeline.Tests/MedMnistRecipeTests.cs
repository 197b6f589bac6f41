using MedVision.Pipeline.Experiments;
using MedVision.Testing;

namespace MedVision.Pipeline.Tests;

/// <summary>The documented MedMNIST v2 ResNet-18 (28) recipe: its settings, and a shortened run on a binary MedMNIST-layout archive.</summary>
public sealed class MedMnistRecipeTests : IDisposable
{
    private static readonly string RecipePath = Path.Combine(RepoPaths.Root, "docs", "configs", "medmnist-resnet18.yaml");

    private readonly string _root = Directory.CreateTempSubdirectory("mv-medmnist-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void DocumentedRecipe_IsMedMnistV2sResNet18Training()
    {
        var config = ExperimentConfigLoader.Load(RecipePath);

        Assert.Equal("fixed", config.Protocol.Kind);
        var model = Assert.Single(config.Models);
        Assert.Equal("resnet18-small", model.Name);
        Assert.Equal((100, 128, 1e-3, "adam"), (model.Epochs, model.BatchSize, model.LearningRate, model.Optimizer));
        Assert.Equal(("multistep", 0.1), (model.Schedule, model.Gamma));
        Assert.Equal([50, 75], model.Milestones);
        Assert.Equal("auc", model.Monitor);
        Assert.Equal("layer-defaults", model.Init); // MedMNIST's ResNet18 has no init of its own
        Assert.Equal([0.5f], model.InputMean);
        Assert.Equal([0.5f], model.InputStd);
        Assert.Null(model.Augment);
    }

    [Fact]
    public void ShortenedRecipe_OnABinaryMedMnistArchive_KeepsTheEpochOfBestValidationAuc()
    {
        var recipe = ExperimentConfigLoader.Load(RecipePath);
        var model = recipe.Models[0] with { Epochs = 3, BatchSize = 16, Milestones = [1, 2] };
        var config = recipe with
        {
            Data = MulticlassStudyTests.WriteShapes(_root, perClassTrain: 8, perClassVal: 6, perClassTest: 4, classes: 2, size: 28),
            Out = Path.Combine(_root, "out"),
            Models = [model],
            Evaluation = recipe.Evaluation with { Bootstrap = 50 },
        };
        var lines = new List<string>();
        var outcome = new ExperimentRunner(config, new Progress(lines.Add)).Run();

        Assert.Contains(lines, l => l.Contains("protocol: fixed", StringComparison.Ordinal));
        var fold = Assert.Single(outcome.Runs[0].Folds);
        var history = fold.History!;
        Assert.Equal(3, history.ValidationAuc.Count);
        Assert.Equal(history.ValidationAuc.ToList().IndexOf(history.ValidationAuc.Max()), history.BestEpoch);
        Assert.Contains(lines, l => l.Contains("epoch 3/3", StringComparison.Ordinal) && l.Contains(", AUC ", StringComparison.Ordinal));
        Assert.Equal(8, outcome.Runs[0].Evaluated.Length);
        Assert.All(outcome.Runs[0].Scores, p => Assert.InRange(p, 0, 1));
        Assert.InRange(outcome.Results.Models[0].Metrics!.Auc.Value, 0, 1);
    }

    private sealed class Progress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
