namespace MedVision.Evaluation.Tests.Uncertainty;

/// <summary>The midrank DeLong against the O(P·N) structural components written out in evaluation_uncertainty.py.</summary>
public class DeLongTests
{
    public static TheoryData<int> Cases => [0, 1, 2, 3];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Variance_AndPairedTest_EqualQuadraticReference(int i)
    {
        var y = Fixture.I($"delong_case{i}_labels");
        var a = Fixture.D($"delong_case{i}_a");
        var b = Fixture.D($"delong_case{i}_b");
        var aucs = Fixture.D($"delong_case{i}_aucs");
        var cov = Fixture.D($"delong_case{i}_cov");
        var ra = DeLong.Auc(y, a);
        var rb = DeLong.Auc(y, b);
        Fixture.Close(aucs[0], ra.Auc);
        Fixture.Close(aucs[1], rb.Auc);
        Fixture.Close(cov[0], ra.Variance, 1e-10);
        Fixture.Close(cov[3], rb.Variance, 1e-10);
        var ztest = Fixture.D($"delong_case{i}_ztest");
        var c = DeLong.Compare(y, a, b);
        Fixture.Close(ztest[0], c.Difference);
        Fixture.Close(ztest[1], c.Variance, 1e-10);
        Fixture.Close(ztest[2], c.Z, 1e-9);
        Fixture.Close(ztest[3], c.P, 1e-9);
        Assert.True(c.CiLow < c.Difference && c.Difference < c.CiHigh);
    }

    [Fact]
    public void Interval_PlainIsClipped_LogitStaysInside()
    {
        var y = Fixture.I("delong_case0_labels");
        var a = Fixture.D("delong_case0_a");
        var plain = DeLong.Auc(y, a);
        var z = 1.959963984540054;
        Fixture.Close(Math.Max(0, plain.Auc - z * plain.StandardError), plain.CiLow, 1e-12);
        var logit = DeLong.Auc(y, a, new DeLongOptions { Interval = DeLongInterval.Logit });
        Assert.True(logit.CiLow > 0 && logit.CiHigh < 1 && logit.CiLow < logit.Auc && logit.Auc < logit.CiHigh);
    }

    [Fact]
    public void TooFewCases_IsNaNWithWarning()
    {
        var r = DeLong.Auc([0, 1, 1], [0.1, 0.5, 0.7]);
        Assert.True(double.IsNaN(r.Variance));
        Assert.NotEmpty(r.Warnings);
    }

    [Fact]
    public void IdenticalModels_HaveZeroDifferenceAndPOne()
    {
        var y = Fixture.I("delong_case1_labels");
        var a = Fixture.D("delong_case1_a");
        var c = DeLong.Compare(y, a, a);
        Assert.Equal(0.0, c.Difference);
        Assert.Equal(1.0, c.P);
    }
}
