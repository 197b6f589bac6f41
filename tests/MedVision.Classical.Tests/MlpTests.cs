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

    [Theory]
    [InlineData(0)]
    [InlineData(12345)]
    public void NumPyRandomState_DrawsAsNumPy(int seed)
    {
        var expected = Fixtures.Vector($"rng_seed{seed}");
        var random = new NumPyRandomState(seed);
        var actual = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            actual.Add(random.NextDouble());
        }

        for (var i = 0; i < 3; i++)
        {
            actual.Add(random.Uniform(-0.3, 0.3));
        }

        actual.AddRange(random.Permutation(10).Select(v => (double)v));
        var shuffled = Enumerable.Range(0, 300).ToArray();
        random.Shuffle(shuffled);
        actual.AddRange(shuffled.Select(v => (double)v));
        Assert.Equal(expected, actual.ToArray());
    }

    [Fact]
    public void NumPyRandomState_NegativeSeed_IsRejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new MlpClassifier(new MlpOptions { Seed = -1 }));

    // Same seed → same initial weights, batches and hold-out as scikit-learn, so the weights after a few epochs agree
    // to rounding; after 300 epochs the summation-order differences have grown, but predictions still agree closely.
    [Theory]
    [InlineData("binary_3epochs", 1e-10)]
    [InlineData("binary_batch32", 1e-10)]
    [InlineData("multi_3epochs", 1e-10)]
    [InlineData("binary_early", 1e-9)]
    [InlineData("binary_converged", 1e-6)]
    public void Fit_MatchesSklearnFromTheSameSeed(string name, double tolerance)
    {
        var options = name switch
        {
            "binary_3epochs" => new MlpOptions { MaxIterations = 3 },
            "binary_batch32" => new MlpOptions { MaxIterations = 4, BatchSize = 32, HiddenLayers = [7, 5], Alpha = 0.01 },
            "multi_3epochs" => new MlpOptions { MaxIterations = 3, Seed = 3 },
            "binary_early" => new MlpOptions { MaxIterations = 60, EarlyStopping = true, ValidationFraction = 0.2, Seed = 1 },
            _ => new MlpOptions { MaxIterations = 300 },
        };
        var (x, y, test, _) = Fixtures.Set(name.StartsWith("multi", StringComparison.Ordinal) ? "multi" : "binary", z: true);
        var fitted = new MlpClassifier(options).FitMlp(x, y);
        Fixtures.Near(Fixtures.Vector($"mlp_{name}_loss"), fitted.LossCurve.ToArray(), tolerance, "loss curve");
        Fixtures.Near(Fixtures.Vector($"mlp_{name}_weights"), fitted.Network.Flatten(), tolerance, "weights");
        var proba = fitted.PredictProba(test);
        Fixtures.Near(Fixtures.Vector($"mlp_{name}_proba"), proba.Values, tolerance, "predict_proba");
        if (options.EarlyStopping)
        {
            Assert.Equal(Fixtures.Vector($"mlp_{name}_validation").Max(), fitted.BestValidationScore);
        }
    }
}
