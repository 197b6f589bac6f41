namespace MedVision.Evaluation.Tests.Metrics;

/// <summary>Multi-class metrics against scikit-learn 1.2.1 (tests/fixtures/scripts/evaluation_multiclass.py).</summary>
public class MulticlassMetricsTests
{
    private static readonly string[][] Classes = [["a", "b", "c"], ["a", "b", "c", "d"], ["a", "b", "c"]];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void PointValues_MatchScikitLearn(int c)
    {
        var p = $"multiclass_case{c}_";
        var y = Fixture.I(p + "labels");
        var m = MulticlassMetricEstimates.Compute(y, Fixture.D(p + "probabilities"), Classes[c]);
        Fixture.Equal(Fixture.D(p + "summary"), [.. m.All.Select(e => e.Value)], 1e-12, "summary");
        var k = Classes[c].Length;
        var perClass = Fixture.D(p + "per_class");
        for (var j = 0; j < k; j++)
        {
            var e = m.PerClass[j];
            Fixture.Equal(perClass[(j * 5)..((j + 1) * 5)], [e.Auc.Value, e.Precision.Value, e.Sensitivity.Value, e.Specificity.Value, e.F1.Value], 1e-12, $"class {j}");
            Assert.Equal(y.Count(l => l == j), e.Support);
        }

        Assert.Equal(Fixture.I(p + "cm").Select(v => (long)v), m.Matrix.Counts.SelectMany(r => r));
        Assert.Equal(Classes[c], m.Matrix.Classes);
        Assert.Empty(m.Warnings);
    }

    [Fact]
    public void Bootstrap_IntervalsHoldThePointValues_AndRepeatForASeed()
    {
        var y = Fixture.I("multiclass_case0_labels");
        var s = Fixture.D("multiclass_case0_probabilities");
        var groups = y.Select((_, i) => $"g{i / 2}").ToList();
        var options = new BootstrapOptions { Resamples = 200, Groups = groups, Seed = 3 };
        var m = MulticlassMetricEstimates.Compute(y, s, Classes[0], options);
        var point = MulticlassMetricEstimates.Compute(y, s, Classes[0]);
        Assert.Equal(point.All.Select(e => e.Value), m.All.Select(e => e.Value));
        foreach (var e in m.All.Concat(m.PerClass.SelectMany(p => new[] { p.Auc, p.Precision, p.Sensitivity, p.Specificity, p.F1 })))
        {
            Assert.True(e.CiLow <= e.Value && e.Value <= e.CiHigh, $"{e}");
        }

        Assert.Equal(m, MulticlassMetricEstimates.Compute(y, s, Classes[0], options) with { PerClass = m.PerClass, Classes = m.Classes, Matrix = m.Matrix, Warnings = m.Warnings });
        Assert.Contains("group resamples, seed 3", m.Interval, StringComparison.Ordinal);
    }

    [Fact]
    public void RunCases_Stratified_KeepsEveryClassCount()
    {
        int[] y = [0, 0, 0, 1, 1, 2, 2, 2, 2, 2];
        var result = Bootstrap.RunCases(y, 3, () => (cases, d) =>
        {
            d.Clear();
            foreach (var i in cases)
            {
                d[y[i]]++;
            }
        }, new BootstrapOptions { Resamples = 50, Seed = 1 });
        for (var r = 0; r < 50; r++)
        {
            Assert.Equal([3.0, 2.0, 5.0], result.Replicates[(r * 3)..((r + 1) * 3)]);
        }
    }

    [Fact]
    public void AbsentClass_IsNaNWithAWarning_NotACrash()
    {
        int[] y = [0, 0, 1, 1, 0, 1];
        double[] p = [.7, .2, .1, .3, .6, .1, .1, .8, .1, .2, .3, .5, .6, .3, .1, .4, .4, .2];
        var m = MulticlassMetricEstimates.Compute(y, p, ["a", "b", "c"], new BootstrapOptions { Resamples = 50 });
        Assert.True(double.IsNaN(m.PerClass[2].Auc.Value));
        Assert.True(double.IsNaN(m.PerClass[2].Sensitivity.Value));
        Assert.True(double.IsNaN(m.Auc.Value));
        Assert.True(double.IsNaN(m.BalancedAccuracy.Value));
        Assert.Equal(5.0 / 6, m.PerClass[2].Specificity.Value, 12);
        Assert.Equal(0.5, m.Accuracy.Value, 12);
        Assert.False(double.IsNaN(m.AucMicro.Value));
        Assert.Contains(m.Warnings, w => w.StartsWith("class c: absent from the labels", StringComparison.Ordinal));
    }

    [Fact]
    public void BadInput_NamesTheArgument()
    {
        var e = Assert.Throws<ArgumentException>(() => MulticlassMetricEstimates.Compute([0, 3], new double[6], ["a", "b", "c"]));
        Assert.Contains("labels[1] must be a class index in [0, 3), got 3", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => MulticlassMetricEstimates.Compute([0, 1], new double[5], ["a", "b", "c"]));
        Assert.Contains("probabilities must hold 3 values per case", e.Message, StringComparison.Ordinal);
    }
}
