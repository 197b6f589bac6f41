namespace MedVision.Evaluation.Tests.OperatingPoints;

/// <summary>Threshold rules against the same choices made on scikit-learn's roc_curve (fixture oppoint_thresholds).</summary>
public class OperatingPointTests
{
    public static TheoryData<int> Cases => [0, 1, 2, 3, 4];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Thresholds_EqualTheChoicesOnSklearnCurves(int i)
    {
        var y = Fixture.I($"metrics_case{i}_labels");
        var s = Fixture.D($"metrics_case{i}_scores");
        var expected = Fixture.D("oppoint_thresholds").AsSpan(4 * i, 4).ToArray();
        Assert.Equal(expected[0], MedVision.Evaluation.OperatingPoints.SelectThreshold(y, s, ThresholdRule.Youden));
        Assert.Equal(expected[1], MedVision.Evaluation.OperatingPoints.SelectThreshold(y, s, ThresholdRule.TargetSensitivity, 0.9));
        Assert.Equal(expected[2], MedVision.Evaluation.OperatingPoints.SelectThreshold(y, s, ThresholdRule.TargetSpecificity, 0.8));
        Assert.Equal(expected[3], MedVision.Evaluation.OperatingPoints.SelectThreshold(y, s, ThresholdRule.BestAccuracy));
    }

    [Fact]
    public void TargetSensitivity_MeetsTheTarget_WithIntervals()
    {
        var y = Fixture.I("metrics_case4_labels");
        var s = Fixture.D("metrics_case4_scores");
        var op = MedVision.Evaluation.OperatingPoints.Select(y, s, new OperatingPointOptions
        {
            Rule = ThresholdRule.TargetSensitivity,
            Target = 0.85,
            Bootstrap = new BootstrapOptions { Resamples = 200, Seed = 3 },
        });
        Assert.True(op.Sensitivity.Value >= 0.85);
        Assert.True(op.Threshold.CiLow <= op.Threshold.Value && op.Threshold.Value <= op.Threshold.CiHigh);
        Assert.True(op.Specificity.HasInterval);
        Assert.Equal(ThresholdMetrics.Compute(y, s, op.Threshold.Value).Specificity, op.Specificity.Value);
        Assert.True(op.Sensitivity.CiLow >= 0.85); // every resample re-picks a threshold meeting the target
    }

    [Fact]
    public void Json_UsesSnakeCaseRuleAndMetricObjects()
    {
        var y = Fixture.I("metrics_case0_labels");
        var s = Fixture.D("metrics_case0_scores");
        var op = MedVision.Evaluation.OperatingPoints.Select(y, s, new OperatingPointOptions { Rule = ThresholdRule.TargetSpecificity, Target = 0.8 });
        using var doc = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(op));
        Assert.Equal("target_specificity", doc.RootElement.GetProperty("rule").GetString());
        Assert.Equal(0.8, doc.RootElement.GetProperty("target").GetDouble());
        Assert.Equal(op.Specificity.Value, doc.RootElement.GetProperty("specificity").GetProperty("value").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, doc.RootElement.GetProperty("specificity").GetProperty("ci_low").ValueKind);
        Assert.True(op.Specificity.Value >= 0.8);
    }

    [Fact]
    public void OneClass_GivesNaNThresholdAndAWarning()
    {
        var op = MedVision.Evaluation.OperatingPoints.Select([1, 1], [0.3, 0.6]);
        Assert.True(double.IsNaN(op.Threshold.Value));
        Assert.NotEmpty(op.Warnings);
    }

    [Fact]
    public void DecisionCurve_KnownAnswer()
    {
        int[] y = [1, 1, 0, 0, 0];
        double[] p = [0.9, 0.4, 0.6, 0.2, 0.1];
        var dc = DecisionCurve.Compute(y, p, [0.5, 0.25]);
        // pt 0.5: treat {0.9, 0.6}: TP 1, FP 1 → 1/5 − 1/5·1 = 0; treat all: 0.4 − 0.6·1 = −0.2.
        Fixture.Close(0.0, dc.NetBenefit[0]);
        Fixture.Close(-0.2, dc.TreatAll[0]);
        // pt 0.25: treat {0.9, 0.4, 0.6}: TP 2, FP 1 → 2/5 − 1/5·(1/3).
        Fixture.Close(0.4 - 0.2 / 3, dc.NetBenefit[1]);
        Fixture.Close(0.4 - 0.6 / 3, dc.TreatAll[1]);
        Assert.All(dc.TreatNone, v => Assert.Equal(0.0, v));
        Assert.Equal(99, DecisionCurve.Compute(y, p).Thresholds.Length);
    }
}
