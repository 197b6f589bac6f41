namespace MedVision.Evaluation.Tests.Aggregation;

public class AggregationTests
{
    private static readonly string[] Keys = ["roi1", "roi1", "roi1", "roi2", "roi2", "roi3", "roi3", "roi3", "roi3"];
    private static readonly double[] Scores = [0.9, 0.2, 0.7, 0.1, 0.3, 0.6, 0.4, 0.8, 0.2];
    private static readonly int[] Labels = [1, 1, 1, 0, 0, 1, 1, 1, 1];

    [Fact]
    public void MajorityVote_IsFractionOfPositiveVotes_TiesArePositive()
    {
        var a = MedVision.Evaluation.Aggregation.Aggregate(Keys, Scores, Labels);
        Assert.Equal(["roi1", "roi2", "roi3"], a.Keys);
        Assert.Equal([2 / 3.0, 0.0, 0.5], a.Scores);
        Assert.Equal([1, 0, 1], a.Labels);
        Assert.Equal([3, 2, 4], a.Counts);
        var decided = ThresholdMetrics.Compute(a.Labels, a.Scores, 0.5);
        Assert.Equal(2, decided.Matrix.TruePositives); // roi3's 2–2 tie counts as positive
    }

    [Fact]
    public void MeanAndMax()
    {
        var mean = MedVision.Evaluation.Aggregation.Aggregate(Keys, Scores, Labels, AggregationMethod.Mean);
        Assert.Equal(0.6, mean.Scores[0], 15);
        Assert.Equal(0.5, mean.Scores[2], 15);
        var max = MedVision.Evaluation.Aggregation.Aggregate(Keys, Scores, Labels, AggregationMethod.Max);
        Assert.Equal([0.9, 0.3, 0.8], max.Scores);
    }

    [Fact]
    public void MixedLabelsInAUnit_AreWarnedAbout()
    {
        var a = MedVision.Evaluation.Aggregation.Aggregate(["p", "p"], [0.1, 0.2], [0, 1]);
        Assert.Equal([1], a.Labels);
        Assert.Single(a.Warnings);
    }

    [Fact]
    public void KeyCountMismatch_NamesKeys()
    {
        var e = Assert.Throws<ArgumentException>(() => MedVision.Evaluation.Aggregation.Aggregate(["a"], [0.1, 0.2], [0, 1]));
        Assert.Equal("keys", e.ParamName);
    }
}
