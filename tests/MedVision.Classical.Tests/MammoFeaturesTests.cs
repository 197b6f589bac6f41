using System.Text.Json;
using MedVision.Classical.Composition;
using MedVision.Testing;

namespace MedVision.Classical.Tests;

/// <summary>
/// seeds/000 on real data: 5-fold AUC of the table classifiers on the 2,430 db5 wavelet features of mammo_micro,
/// on the same folds as scikit-learn, against scikit-learn's AUC (both written by classical_mammo_features.py).
/// </summary>
public sealed class MammoFeaturesTests
{
    [MammoFeaturesFact]
    public void Svm_AucWithin001OfSklearn() => AssertAuc("svm", 0.01);

    [MammoFeaturesFact]
    public void RandomForest_AucWithin001OfSklearn() => AssertAuc("rf", 0.01);

    [MammoFeaturesFact]
    public void GradientBoosting_AucWithin001OfSklearn() => AssertAuc("gb", 0.01);

    [MammoFeaturesFact]
    public void Mlp_AucWithin001OfSklearn() => AssertAuc("mlp", 0.01);

    [MammoFeaturesFact]
    public void NaiveBayes_AucEqualsSklearn() => AssertAuc("nb", 1e-6);

    [MammoFeaturesFact]
    public void KNeighbors_AucEqualsSklearn() => AssertAuc("knn", 1e-6);

    [MammoFeaturesFact]
    public void LogisticRegression_AucWithin001OfSklearn() => AssertAuc("lr", 0.01);

    [MammoFeaturesFact]
    public void DecisionTree_AucWithin005OfSklearn() => AssertAuc("dt", 0.05);

    private static void AssertAuc(string name, double tolerance)
    {
        var folder = MammoFeaturesFactAttribute.Folder;
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "sklearn.json")));
        if (!json.RootElement.TryGetProperty(name, out var entry))
        {
            Assert.Fail($"{folder}/sklearn.json has no '{name}' entry; rerun classical_mammo_features.py");
        }

        var expected = entry.GetProperty("auc").GetDouble();
        var xs = NpyFixture.Load(Path.Combine(folder, "x.npy"));
        var x = new FeatureMatrix(xs.Shape[0], xs.Shape[1], xs.Values);
        var y = NpyFixture.Load(Path.Combine(folder, "y.npy")).AsInt();
        var folds = NpyFixture.Load(Path.Combine(folder, "folds.npy")).AsInt();
        var aucs = new List<double>();
        for (var k = 0; k < 5; k++)
        {
            var train = Enumerable.Range(0, y.Length).Where(i => folds[i] != k).ToArray();
            var test = Enumerable.Range(0, y.Length).Where(i => folds[i] == k).ToArray();
            var fitted = ClassifierTable.CreateScaledPipeline(name).Fit(x.SelectRows(train), train.Select(i => y[i]).ToArray());
            var p = fitted.PredictProba(x.SelectRows(test));
            aucs.Add(Fixtures.Auc(test.Select(i => y[i]).ToArray(), Fixtures.Column(p, 1)));
        }

        var auc = aucs.Average();
        Assert.True(Math.Abs(auc - expected) <= tolerance, $"{name}: 5-fold AUC {auc:F4}, scikit-learn {expected:F4}, tolerance {tolerance}");
    }
}
