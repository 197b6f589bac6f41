using MedVision.Classical.NeuralNetwork;

namespace MedVision.Classical.Tests;

public sealed class MlpTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Backprop_MatchesFiniteDifferences(int classes)
    {
        var random = new Random(1);
        int[] sizes = [4, 5, 3, classes == 2 ? 1 : classes];
        var weights = Enumerable.Range(0, sizes.Length - 1).Select(l => Enumerable.Range(0, sizes[l] * sizes[l + 1]).Select(_ => random.NextDouble() - 0.5).ToArray()).ToArray();
        var biases = Enumerable.Range(0, sizes.Length - 1).Select(l => Enumerable.Range(0, sizes[l + 1]).Select(_ => (random.NextDouble() - 0.5) * 0.2).ToArray()).ToArray();
        var x = new FeatureMatrix(6, 4, Enumerable.Range(0, 24).Select(_ => (random.NextDouble() * 2) - 1).ToArray());
        var encoded = Enumerable.Range(0, 6).Select(i => i % classes).ToArray();
        int[] rows = [0, 1, 2, 3, 4, 5];
        const double Alpha = 0.01;
        var network = new MlpClassifier.Network(sizes, weights, biases);
        var dW = weights.Select(w => new double[w.Length]).ToArray();
        var dB = biases.Select(b => new double[b.Length]).ToArray();
        network.Backprop(x, encoded, rows, Alpha, dW, dB);
        var scratchW = weights.Select(w => new double[w.Length]).ToArray();
        var scratchB = biases.Select(b => new double[b.Length]).ToArray();
        double Loss() => network.Backprop(x, encoded, rows, Alpha, scratchW, scratchB);
        const double H = 1e-6;
        foreach (var (parameters, grads) in weights.Zip(dW).Concat(biases.Zip(dB)))
        {
            for (var t = 0; t < parameters.Length; t++)
            {
                var saved = parameters[t];
                parameters[t] = saved + H;
                var up = Loss();
                parameters[t] = saved - H;
                var down = Loss();
                parameters[t] = saved;
                Assert.Equal((up - down) / (2 * H), grads[t], 1e-6);
            }
        }
    }

    [Fact]
    public void LossDecreases_AndStopsOnPlateau()
    {
        var (x, y, _, _) = Fixtures.Set("binary", z: true);
        var fitted = new MlpClassifier(new MlpOptions { MaxIterations = 2000 }).FitMlp(x, y);
        Assert.True(fitted.LossCurve[^1] < fitted.LossCurve[0] / 2);
        Assert.True(fitted.LossCurve.Count < 2000, "training should stop when the loss stops improving");
    }

    [Fact]
    public void EarlyStopping_KeepsBestValidationWeights()
    {
        var (x, y, _, _) = Fixtures.Set("realistic", z: false);
        var fitted = new MlpClassifier(new MlpOptions { EarlyStopping = true }).FitMlp(new Preprocessing.StandardScaler().Fit(x).Transform(x), y);
        Assert.NotNull(fitted.BestValidationScore);
        Assert.InRange(fitted.BestValidationScore!.Value, 0.7, 1.0);
    }
}
