using MedVision.Classical.Composition;
using MedVision.Classical.Ensemble;
using MedVision.Classical.Svm;
using MedVision.Classical.Trees;

namespace MedVision.Classical.Tests;

public sealed class ClassifierTableTests
{
    [Fact]
    public void Parameters_OverrideTheTableSettings_BySklearnNames()
    {
        var forest = Assert.IsType<RandomForestClassifier>(ClassifierTable.Create("rf", new Dictionary<string, string>
        {
            ["n_estimators"] = "7",
            ["criterion"] = "entropy",
            ["max_depth"] = "4",
            ["min_samples_leaf"] = "3",
        }));
        Assert.Equal(7, forest.Options.Trees);
        Assert.Equal(SplitCriterion.Entropy, forest.Options.Criterion);
        Assert.Equal(4, forest.Options.MaxDepth);
        Assert.Equal(3, forest.Options.MinSamplesLeaf);

        var svm = Assert.IsType<Svc>(ClassifierTable.Create("svm", new Dictionary<string, string> { ["C"] = "10" }));
        Assert.Equal(10, svm.Options.C);
    }

    [Fact]
    public void NoParameters_KeepScikitLearnDefaults()
    {
        var forest = Assert.IsType<RandomForestClassifier>(ClassifierTable.Create("rf"));
        Assert.Equal(100, forest.Options.Trees);
        Assert.Null(forest.Options.MaxDepth);
        Assert.Null(Assert.IsType<RandomForestClassifier>(ClassifierTable.Create("rf", new Dictionary<string, string> { ["max_depth"] = "None" })).Options.MaxDepth);
    }

    [Theory]
    [InlineData("rf", "n_trees", "5", "classifier rf: unknown parameter n_trees; it accepts n_estimators, criterion, max_depth, min_samples_split, min_samples_leaf")]
    [InlineData("nb", "var_smoothing", "1e-9", "classifier nb: unknown parameter var_smoothing; it accepts none")]
    [InlineData("knn", "weights", "inverse", "parameter weights must be one of uniform, distance, got 'inverse'")]
    [InlineData("gb", "learning_rate", "NaN", "parameter learning_rate must be a finite number, got 'NaN'")]
    public void BadParameters_AreNamed(string classifier, string name, string value, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ClassifierTable.Create(classifier, new Dictionary<string, string> { [name] = value }));
        Assert.Equal(expected, e.Message);
    }
}
