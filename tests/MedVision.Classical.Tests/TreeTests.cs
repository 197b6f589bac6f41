using MedVision.Classical.Ensemble;
using MedVision.Classical.Trees;

namespace MedVision.Classical.Tests;

public sealed class TreeTests
{
    // With all features evaluated at every node, the seed only breaks exact ties between equally good splits; the
    // fixture holds every distinct scikit-learn outcome over 50 seeds, and each of our seeds must give one of them.
    [Theory]
    [InlineData("binary", "depth2")]
    [InlineData("binary", "depth3")]
    [InlineData("binary", "entropy")]
    [InlineData("multi", "depth2")]
    [InlineData("multi", "depth3")]
    [InlineData("multi", "depth0")]
    [InlineData("multi", "entropy")]
    public void DecisionTree_EqualsOneOfSklearnsTrees(string set, string tag)
    {
        var (x, y, test, _) = Fixtures.Set(set, z: true);
        var outcomes = MedVision.Testing.NpyFixture.Load("classical", $"dt_{set}_{tag}_probas.npy");
        var size = outcomes.Shape[1] * outcomes.Shape[2];
        for (var seed = 0; seed < 5; seed++)
        {
            var options = tag switch
            {
                "entropy" => new DecisionTreeOptions { Criterion = SplitCriterion.Entropy, MaxDepth = 4, MinSamplesLeaf = 3, Seed = seed },
                "depth0" => new DecisionTreeOptions { Seed = seed },
                _ => new DecisionTreeOptions { MaxDepth = tag[^1] - '0', Seed = seed },
            };
            var proba = new DecisionTreeClassifier(options).Fit(x, y).PredictProba(test).Values;
            var matches = Enumerable.Range(0, outcomes.Shape[0])
                .Any(m => outcomes.Values.AsSpan(m * size, size).SequenceEqual(proba));
            Assert.True(matches, $"seed {seed}: tree differs from all {outcomes.Shape[0]} scikit-learn outcomes");
        }
    }

    [Fact]
    public void DecisionTree_PureData_IsOneLeaf_AndDepthLimitHolds()
    {
        var (x, y, _, _) = Fixtures.Set("binary", z: true);
        var shallow = (FittedDecisionTree)new DecisionTreeClassifier(new DecisionTreeOptions { MaxDepth = 2 }).Fit(x, y);
        Assert.True(shallow.Depth <= 2);
        Assert.True(shallow.NodeCount <= 7);
    }

    [Fact]
    public void RandomForest_SameForest_ForOneAndManyThreads()
    {
        var (x, y, test, _) = Fixtures.Set("realistic");
        var one = new RandomForestClassifier(new RandomForestOptions { Trees = 20, Seed = 3, MaxDegreeOfParallelism = 1 }).Fit(x, y);
        var many = new RandomForestClassifier(new RandomForestOptions { Trees = 20, Seed = 3, MaxDegreeOfParallelism = 4 }).Fit(x, y);
        Assert.Equal(one.PredictProba(test).Values, many.PredictProba(test).Values);
    }

    [Fact]
    public void RandomForest_OobScore_IsCloseToTestAccuracy()
    {
        var (x, y, test, testY) = Fixtures.Set("realistic");
        var fitted = new RandomForestClassifier(new RandomForestOptions { OobScore = true }).FitForest(x, y);
        var accuracy = fitted.Predict(test).Zip(testY).Average(p => p.First == p.Second ? 1.0 : 0.0);
        Assert.NotNull(fitted.OobScore);
        Assert.InRange(fitted.OobScore!.Value, accuracy - 0.08, accuracy + 0.08);
        Assert.InRange(fitted.OobScore!.Value, 0.75, 1.0);
    }

    [Fact]
    public void MaxFeatures_ResolvesAsSklearn()
    {
        Assert.Equal(49, MaxFeatures.Sqrt.Resolve(2430));
        Assert.Equal(11, MaxFeatures.Log2.Resolve(2430));
        Assert.Equal(243, MaxFeatures.Fraction(0.1).Resolve(2430));
        Assert.Equal(2430, MaxFeatures.All.Resolve(2430));
    }

    // Every distinct scikit-learn outcome over 50 seeds is in the fixture (seeds only break ties); ours must be one.
    [Theory]
    [InlineData("binary", 30, 3, 10)]
    [InlineData("multi", 20, 2, 8)]
    public void GradientBoosting_EqualsOneOfSklearnsModels(string set, int stages, int depth, int minLeaf)
    {
        var (x, y, test, _) = Fixtures.Set(set, z: true);
        var outcomes = MedVision.Testing.NpyFixture.Load("classical", $"gb_{set}_probas.npy");
        var size = outcomes.Shape[1] * outcomes.Shape[2];
        for (var seed = 0; seed < 3; seed++)
        {
            var options = new GradientBoostingOptions { Estimators = stages, MaxDepth = depth, MinSamplesLeaf = minLeaf, Seed = seed };
            var proba = new GradientBoostingClassifier(options).Fit(x, y).PredictProba(test).Values;
            var matches = Enumerable.Range(0, outcomes.Shape[0]).Any(m =>
                outcomes.Values.AsSpan(m * size, size).ToArray().Zip(proba).All(p => Math.Abs(p.First - p.Second) < 1e-10));
            Assert.True(matches, $"seed {seed}: model differs from all {outcomes.Shape[0]} scikit-learn outcomes");
        }
    }
}
