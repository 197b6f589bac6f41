namespace MedVision.Evaluation.Tests.Metrics;

/// <summary>Curves and metrics against scikit-learn 1.2.1 (tests/fixtures/scripts/evaluation_metrics.py).</summary>
public class SklearnMetricsTests
{
    public static TheoryData<int> Cases => [0, 1, 2, 3, 4];

    private static (int[] Y, double[] S) Case(int i) => (Fixture.I($"metrics_case{i}_labels"), Fixture.D($"metrics_case{i}_scores"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void RocCurve_DropIntermediate_EqualsSklearn(int i)
    {
        var (y, s) = Case(i);
        var roc = RocCurve.Compute(y, s);
        Fixture.Equal(Fixture.D($"metrics_case{i}_roc_fpr"), roc.Fpr, what: "fpr");
        Fixture.Equal(Fixture.D($"metrics_case{i}_roc_tpr"), roc.Tpr, what: "tpr");
        Fixture.Equal(Fixture.D($"metrics_case{i}_roc_thr"), roc.Thresholds, what: "thresholds");
        Fixture.Close(Fixture.D($"metrics_case{i}_scalars")[0], roc.Auc, what: "auc");
        Assert.Empty(roc.Warnings);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RocCurve_AllThresholds_EqualsSklearn(int i)
    {
        var (y, s) = Case(i);
        var roc = RocCurve.Compute(y, s, new RocCurveOptions { DropIntermediate = false });
        Fixture.Equal(Fixture.D($"metrics_case{i}_rocfull_fpr"), roc.Fpr);
        Fixture.Equal(Fixture.D($"metrics_case{i}_rocfull_tpr"), roc.Tpr);
        Fixture.Equal(Fixture.D($"metrics_case{i}_rocfull_thr"), roc.Thresholds);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AucOnly_MannWhitney_EqualsRocAucScore(int i)
    {
        var (y, s) = Case(i);
        Fixture.Close(Fixture.D($"metrics_case{i}_scalars")[0], RocCurve.AucOnly(y, s));
        Fixture.Close(Fixture.D($"metrics_case{i}_scalars")[0], DeLong.Auc(y, s).Auc);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrecisionRecallCurve_AndAveragePrecision_EqualSklearn(int i)
    {
        var (y, s) = Case(i);
        var pr = PrecisionRecallCurve.Compute(y, s);
        Fixture.Equal(Fixture.D($"metrics_case{i}_pr_precision"), pr.Precision, what: "precision");
        Fixture.Equal(Fixture.D($"metrics_case{i}_pr_recall"), pr.Recall, what: "recall");
        Fixture.Equal(Fixture.D($"metrics_case{i}_pr_thr"), pr.Thresholds, what: "thresholds");
        Fixture.Close(Fixture.D($"metrics_case{i}_scalars")[1], pr.AveragePrecision, what: "ap");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ThresholdMetrics_EqualSklearn(int i)
    {
        var (y, s) = Case(i);
        var m = ThresholdMetrics.Compute(y, s, 0.5);
        var cm = Fixture.I($"metrics_case{i}_cm");
        Assert.Equal(cm, m.Matrix.ToArray().Cast<long>().Select(v => (int)v).ToArray());
        var e = Fixture.D($"metrics_case{i}_scalars");
        Fixture.Close(e[2], m.Accuracy, what: "accuracy");
        if (m.Matrix.TruePositives + m.Matrix.FalsePositives > 0)
        {
            Fixture.Close(e[3], m.Precision, what: "precision");
        }

        Fixture.Close(e[4], m.Sensitivity, what: "recall");
        Fixture.Close(e[5], m.F1, what: "f1");
        if (m.Warnings.Count == 0)
        {
            Fixture.Close(e[6], m.Mcc, what: "mcc");
        }

        Fixture.Close(e[7], m.BalancedAccuracy, what: "balanced accuracy");
        Fixture.Close(e[9], m.Specificity, what: "specificity");
        Fixture.Close(m.Sensitivity + m.Specificity - 1, m.YoudenJ);
    }

    [Fact]
    public void ConstantScores_AucIsOneHalf_AndMccUndefined()
    {
        var (y, s) = Case(2);
        Assert.Equal(0.5, RocCurve.Compute(y, s).Auc);
        var m = ThresholdMetrics.Compute(y, s, 0.5);
        Assert.True(double.IsNaN(m.Mcc)); // every case predicted positive: a column of the matrix is empty
        Assert.Contains(m.Warnings, w => w.StartsWith("mcc", StringComparison.Ordinal));
        Assert.Equal(0.0, Fixture.D("metrics_case2_scalars")[6]); // scikit-learn reports 0 there
    }

    [Fact]
    public void OneClassOnly_AucIsNaNWithWarning_NotACrash()
    {
        int[] y = [1, 1, 1];
        double[] s = [0.2, 0.4, 0.9];
        var roc = RocCurve.Compute(y, s);
        Assert.True(double.IsNaN(roc.Auc));
        Assert.Contains(roc.Warnings, w => w.Contains("one class", StringComparison.Ordinal));
        Assert.True(double.IsNaN(RocCurve.AucOnly(y, s)));
        Assert.True(double.IsNaN(ThresholdMetrics.Compute(y, s).Specificity));
        var pr = PrecisionRecallCurve.Compute([0, 0], [0.1, 0.2]);
        Assert.True(double.IsNaN(pr.AveragePrecision));
        Assert.NotEmpty(pr.Warnings);
    }

    [Fact]
    public void EmptyInput_IsNaNWithWarning()
    {
        var roc = RocCurve.Compute([], []);
        Assert.True(double.IsNaN(roc.Auc));
        Assert.NotEmpty(roc.Warnings);
        var m = ThresholdMetrics.Compute([], []);
        Assert.True(double.IsNaN(m.Accuracy));
        Assert.True(double.IsNaN(BinaryMetricEstimates.Compute([], []).Auc.Value));
    }

    [Fact]
    public void BadInput_NamesTheArgument()
    {
        var e = Assert.Throws<ArgumentException>(() => RocCurve.Compute([0, 2], [0.1, 0.2]));
        Assert.Contains("labels[1] must be 0 or 1, got 2", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => RocCurve.Compute([0, 1], [0.1]));
        Assert.Contains("same length", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => ThresholdMetrics.Compute([0, 1], [0.1, double.NaN]));
        Assert.Contains("scores[1] is NaN", e.Message, StringComparison.Ordinal);
    }
}
