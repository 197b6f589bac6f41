using MedVision.Classical.Composition;

namespace MedVision.Classical.Tests;

/// <summary>
/// Test-set AUC of every table classifier (standard scaler first, as the peer script) on the committed synthetic
/// "realistic" set, against scikit-learn's AUC with the same configuration (realistic_sklearn_auc.npy).
/// </summary>
public sealed class RealisticAucTests
{
    [Theory]
    [InlineData("svm", 0.01)]
    [InlineData("rf", 0.01)]
    [InlineData("gb", 0.01)]
    [InlineData("mlp", 0.01)]
    [InlineData("lr", 1e-6)]
    [InlineData("nb", 1e-9)]
    [InlineData("knn", 1e-9)]
    [InlineData("dt", 0.05)]
    public void Auc_IsWithinToleranceOfSklearn(string name, double tolerance)
    {
        var names = File.ReadAllText(MedVision.Testing.RepoPaths.Fixture("classical", "realistic_sklearn_auc.txt")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var expected = Fixtures.Vector("realistic_sklearn_auc")[Array.IndexOf(names, name)];
        var (x, y, test, testY) = Fixtures.Set("realistic");
        var p = ClassifierTable.CreateScaledPipeline(name).Fit(x, y).PredictProba(test);
        var auc = Fixtures.Auc(testY, Fixtures.Column(p, 1));
        Assert.True(Math.Abs(auc - expected) <= tolerance, $"{name}: AUC {auc:F4}, scikit-learn {expected:F4}, tolerance {tolerance}");
    }
}
