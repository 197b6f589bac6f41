using MedVision.Nn.Zoo;
using MedVision.Tensors;
using MedVision.Testing;

namespace MedVision.Training.Tests;

/// <summary>The trainer on K ≥ 3 classes: K logits, softmax probabilities, balanced class weights, label smoothing only there.</summary>
public sealed class MulticlassTrainerTests
{
    /// <summary>
    /// <paramref name="count"/> 20×20 images of noise around 25 with a 6×6 square of brightness 90, 160 or 230 for
    /// classes 0, 1, 2 (in turn), in 0–1: the Pipeline tests' three-class shapes, drawn the same way.
    /// </summary>
    private static TensorSet Shapes(int count, ulong seed = 11)
    {
        const int size = 20;
        var rng = new Generator(seed);
        var images = new List<Imaging.Image>();
        for (var i = 0; i < count; i++)
        {
            var pixels = new float[size * size];
            for (var p = 0; p < pixels.Length; p++)
            {
                pixels[p] = (float)Math.Clamp(Math.Round(25 + (8 * rng.NextNormal())), 0, 255);
            }

            var (top, left) = (rng.NextInt(size - 6), rng.NextInt(size - 6));
            for (var y = top; y < top + 6; y++)
            {
                pixels.AsSpan((y * size) + left, 6).Fill(90 + (70 * (i % 3)));
            }

            images.Add(new Imaging.Image(1, size, size, pixels));
        }

        return TensorSet.From(images, [.. Enumerable.Range(0, count).Select(i => i % 3)], 1f / 255);
    }

    [Fact]
    public void BalancedClassWeights_MatchScikitLearn()
    {
        var labels = NpyFixture.Load("evaluation", "multiclass_class_weights_labels.npy").AsInt();
        var expected = NpyFixture.Load("evaluation", "multiclass_class_weights_expected.npy").Values;
        var weights = LossFactory.BalancedClassWeights(labels, 4);
        Assert.Equal(expected.Length, weights.Length);
        for (var c = 0; c < 4; c++)
        {
            Assert.Equal(expected[c], weights[c], 6);
        }

        Assert.Equal([1f, 0f, 0.5f], LossFactory.BalancedClassWeights([0, 2, 2], 3));
    }

    [Fact]
    public void ThreeClasses_GiveRowsOfProbabilities_AndLearn()
    {
        var set = Shapes(66);
        var model = ModelZoo.Create("patch-cnn", 1, 20, 20, outputs: 3, seed: 1);
        var trainer = new Trainer(model, new TrainerOptions { Epochs = 8, BatchSize = 6, LearningRate = 1e-2, Classes = 3, Loss = new LossFactory.CrossEntropy(BalanceClasses: true, LabelSmoothing: 0.05), Seed = 2 });
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
        var e = Assert.Throws<ArgumentException>(() => new Trainer(model, new TrainerOptions { Loss = new LossFactory.CrossEntropy(LabelSmoothing: 0.1) }));
        Assert.Contains("needs three or more classes", e.Message, StringComparison.Ordinal);
    }
}
