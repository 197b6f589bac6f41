using MedVision.Nn.Zoo;
using MedVision.Pipeline.Training;
using MedVision.Testing;

namespace MedVision.Pipeline.Tests.Training;

/// <summary>The trainer on K ≥ 3 classes: K logits, softmax probabilities, balanced class weights, label smoothing only there.</summary>
public sealed class MulticlassTrainerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-mc-trainer-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void BalancedClassWeights_MatchScikitLearn()
    {
        var labels = NpyFixture.Load("evaluation", "multiclass_class_weights_labels.npy").AsInt();
        var expected = NpyFixture.Load("evaluation", "multiclass_class_weights_expected.npy").Values;
        var weights = Trainer.BalancedClassWeights(labels, 4);
        Assert.Equal(expected.Length, weights.Length);
        for (var c = 0; c < 4; c++)
        {
            Assert.Equal(expected[c], weights[c], 6);
        }

        Assert.Equal([1f, 0f, 0.5f], Trainer.BalancedClassWeights([0, 2, 2], 3));
    }

    [Fact]
    public void ThreeClasses_GiveRowsOfProbabilities_AndLearn()
    {
        var store = Data.ImageStore.Load(Data.DatasetDiscovery.Discover(MulticlassStudyTests.WriteShapes(_root)));
        var samples = store.Dataset.Samples;
        var set = TensorSet.From(store.Images, [.. samples.Select(s => s.Label)], 1f / 255);
        var model = ModelZoo.Create("patch-cnn", 1, 20, 20, outputs: 3, seed: 1);
        var trainer = new Trainer(model, new TrainerOptions { Epochs = 8, BatchSize = 6, LearningRate = 1e-2, Classes = 3, BalanceClasses = true, LabelSmoothing = 0.05, Seed = 2 });
        var history = trainer.Fit(set, null);
        Assert.True(history.TrainLoss[^1] < history.TrainLoss[0], $"loss {history.TrainLoss[0]} → {history.TrainLoss[^1]}");
        var p = trainer.PredictProba(set);
        Assert.Equal(set.Count * 3, p.Length);
        for (var i = 0; i < set.Count; i++)
        {
            Assert.Equal(1.0, p[i * 3] + p[(i * 3) + 1] + p[(i * 3) + 2], 9);
        }
    }

    [Fact]
    public void LabelSmoothing_OfABinaryNetwork_IsRefused()
    {
        var model = ModelZoo.Create("patch-cnn", 1, 20, 20, outputs: 1, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => new Trainer(model, new TrainerOptions { LabelSmoothing = 0.1 }));
        Assert.Contains("needs three or more classes", e.Message, StringComparison.Ordinal);
    }
}
