namespace MedVision.Evaluation.Tests.Metrics;

/// <summary>The mean ± std ROC band against scikit-learn's cross-validation example (fixture cvroc_*).</summary>
public class CrossValidatedRocTests
{
    [Fact]
    public void Band_EqualsSklearnExample()
    {
        var folds = new[] { 0, 1, 3, 4 }.Select(i => (Fixture.I($"metrics_case{i}_labels"), Fixture.D($"metrics_case{i}_scores"))).ToList();
        var cv = CrossValidatedRoc.Compute(folds);
        Fixture.Equal(Fixture.D("cvroc_mean_tpr"), cv.MeanTpr, what: "mean tpr");
        Fixture.Equal(Fixture.D("cvroc_std_tpr"), cv.StdTpr, what: "std tpr");
        var auc = Fixture.D("cvroc_auc");
        Fixture.Close(auc[0], cv.MeanAuc, what: "mean auc");
        Fixture.Close(auc[1], cv.StdAuc, what: "std auc");
        Assert.Equal(101, cv.Fpr.Length);
        Assert.All(cv.TprUpper, v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void OneClassFold_IsLeftOutWithWarning()
    {
        var cv = CrossValidatedRoc.Compute([([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8]), ([1, 1], [0.5, 0.6])]);
        Assert.Single(cv.FoldAucs);
        Assert.Contains(cv.Warnings, w => w.StartsWith("fold 1", StringComparison.Ordinal));
        Assert.Equal(0.995, cv.MeanAuc, 12); // the band starts at (0, 0): half a grid step lost, as in the scikit-learn example
    }

    [Fact]
    public void Interp_TakesTheTopOfAVerticalSegment_AsNumPy()
    {
        double[] xp = [0, 0, 0.5, 0.5, 1];
        double[] fp = [0, 0.4, 0.6, 0.9, 1];
        Assert.Equal(0.4, CrossValidatedRoc.Interp(0, xp, fp));
        Assert.Equal(0.9, CrossValidatedRoc.Interp(0.5, xp, fp));
        Assert.Equal(0.5, CrossValidatedRoc.Interp(0.25, xp, fp), 15);
        Assert.Equal(1.0, CrossValidatedRoc.Interp(1, xp, fp));
    }
}
