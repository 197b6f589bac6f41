using MedVision.Classical.Linear;
using MedVision.Classical.NaiveBayes;
using MedVision.Classical.Neighbors;

namespace MedVision.Classical.Tests;

public sealed class LinearAndNeighborsTests
{
    [Theory]
    [InlineData("binary", 1.0, "1")]
    [InlineData("binary", 0.1, "0p1")]
    [InlineData("multi", 1.0, "1")]
    [InlineData("multi", 0.1, "0p1")]
    public void LogisticRegression_MatchesSklearnOptimum(string set, double c, string tag)
    {
        var (x, y, test, _) = Fixtures.Set(set, z: true);
        var fitted = new LogisticRegression(new LogisticRegressionOptions { C = c, Tolerance = 1e-12, MaxIterations = 10000 }).FitLogistic(x, y);
        var prefix = $"lr_{set}_c{tag}";
        Fixtures.Near(Fixtures.Vector(prefix + "_coef"), fitted.Coefficients.Values, 1e-6, "coef");
        Fixtures.Near(Fixtures.Vector(prefix + "_intercept"), fitted.Intercept.ToArray(), 1e-6, "intercept");
        Fixtures.Near(Fixtures.Vector(prefix + "_proba"), fitted.PredictProba(test).Values, 1e-7, "proba");
    }

    [Theory]
    [InlineData("binary")]
    [InlineData("multi")]
    public void GaussianNb_MatchesSklearn(string set)
    {
        var (x, y, test, _) = Fixtures.Set(set, z: true);
        Fixtures.Near(Fixtures.Vector($"gnb_{set}_proba"), new GaussianNb().Fit(x, y).PredictProba(test).Values, 1e-10, "proba");
    }

    [Theory]
    [InlineData("binary", NeighborWeights.Uniform)]
    [InlineData("binary", NeighborWeights.Distance)]
    [InlineData("multi", NeighborWeights.Uniform)]
    [InlineData("multi", NeighborWeights.Distance)]
    public void KNeighbors_MatchesSklearn(string set, NeighborWeights weights)
    {
        var (x, y, test, _) = Fixtures.Set(set, z: true);
        var fitted = new KNeighborsClassifier(new KNeighborsOptions { Weights = weights }).Fit(x, y);
        var tag = weights == NeighborWeights.Uniform ? "uniform" : "distance";
        Fixtures.Near(Fixtures.Vector($"knn_{set}_{tag}_proba"), fitted.PredictProba(test).Values, 1e-10, "proba");
    }

    [Fact]
    public void KNeighbors_EqualDistances_TakeLowerTrainingIndex()
    {
        // Query at 0: training rows at −1 and +1 are equally far; with k = 1 the first (class 7) wins.
        var x = FeatureMatrix.FromArray(new double[,] { { -1 }, { 1 }, { 5 } });
        var fitted = new KNeighborsClassifier(new KNeighborsOptions { Neighbors = 1 }).Fit(x, [7, 3, 3]);
        Assert.Equal([7], fitted.Predict(FeatureMatrix.FromArray(new double[,] { { 0 } })));
    }

    [Fact]
    public void KNeighbors_DistanceWeights_ExactMatchTakesAllWeight()
    {
        var x = FeatureMatrix.FromArray(new double[,] { { 0 }, { 1 }, { 1.1 } });
        var fitted = new KNeighborsClassifier(new KNeighborsOptions { Neighbors = 3, Weights = NeighborWeights.Distance }).Fit(x, [0, 1, 1]);
        Assert.Equal([1.0, 0.0], fitted.PredictProba(FeatureMatrix.FromArray(new double[,] { { 0 } })).Values);
    }
}
