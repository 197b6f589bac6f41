namespace MedVision.Evaluation.Tests.Calibration;

/// <summary>Reliability curve, Brier score, isotonic and Platt calibration against scikit-learn 1.2.1.</summary>
public class CalibrationTests
{
    public static TheoryData<int, string, int> CurveCases()
    {
        var data = new TheoryData<int, string, int>();
        foreach (var i in new[] { 0, 1, 4 })
        {
            foreach (var strategy in new[] { "uniform", "quantile" })
            {
                data.Add(i, strategy, 5);
                data.Add(i, strategy, 10);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CurveCases))]
    public void ReliabilityCurve_EqualsCalibrationCurve(int i, string strategy, int bins)
    {
        var y = Fixture.I($"metrics_case{i}_labels");
        var p = Fixture.D($"metrics_case{i}_scores");
        var curve = ReliabilityCurve.Compute(y, p, bins, strategy == "uniform" ? BinStrategy.Uniform : BinStrategy.Quantile);
        Fixture.Equal(Fixture.D($"calib_case{i}_{strategy}{bins}_true"), curve.ProbTrue, what: "prob_true");
        Fixture.Equal(Fixture.D($"calib_case{i}_{strategy}{bins}_pred"), curve.ProbPred, what: "prob_pred");
        Assert.Equal(y.Length, curve.Counts.Sum());
        Fixture.Close(Fixture.D($"metrics_case{i}_scalars")[8], curve.BrierScore, what: "brier");
    }

    [Fact]
    public void ExpectedCalibrationError_IsWeightedGapOfTheBins()
    {
        int[] y = [0, 0, 1, 1, 1, 0];
        double[] p = [0.05, 0.15, 0.95, 0.85, 0.55, 0.45];
        // Ten uniform bins: {0.05}: gap .05, {0.15}: .15, {0.45}: .45, {0.55}: .45, {0.85}: .15, {0.95}: .05.
        Fixture.Close((0.05 + 0.15 + 0.45 + 0.45 + 0.15 + 0.05) / 6, ReliabilityCurve.ExpectedCalibrationErrorOf(y, p));
        Fixture.Close(0.0, ReliabilityCurve.ExpectedCalibrationErrorOf([0, 1], [0.0, 1.0]));
    }

    [Fact]
    public void ReliabilityCurve_RejectsNonProbabilities()
    {
        var e = Assert.Throws<ArgumentException>(() => ReliabilityCurve.Compute([0, 1], [0.2, 1.5]));
        Assert.Contains("probabilities[1] must be a probability in [0, 1], got 1.5", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Isotonic_EqualsIsotonicRegressionWithClip(int i)
    {
        var y = Fixture.I($"metrics_case{i}_labels");
        var s = Fixture.D($"metrics_case{i}_scores");
        var fitted = new IsotonicCalibrator().Fit(y, s);
        var grid = Fixture.D($"iso_case{i}_grid");
        var predicted = new double[grid.Length];
        fitted.Predict(grid, predicted);
        Fixture.Equal(Fixture.D($"iso_case{i}_pred"), predicted, what: "grid");
        var onTraining = new double[s.Length];
        fitted.Predict(s, onTraining);
        Fixture.Equal(Fixture.D($"iso_case{i}_fitted"), onTraining, what: "fitted");
    }

    [Fact]
    public void Pava_KnownAnswer()
    {
        var fit = IsotonicCalibrator.Pava([1, 3, 2, 4, 3, 5], [1, 1, 1, 1, 1, 1]);
        Assert.Equal(new[] { 1, 2.5, 2.5, 3.5, 3.5, 5 }, fit);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Platt_ReachesTheOptimumScikitLearnApproaches(int i)
    {
        var y = Fixture.I($"platt_case{i}_labels");
        var f = Fixture.D($"platt_case{i}_f");
        var fitted = PlattCalibrator.FitPlatt(y, f);
        var tight = Fixture.D($"platt_case{i}_tight_ab");
        var sklearn = Fixture.D($"platt_case{i}_sklearn_ab");
        Fixture.Close(tight[0], fitted.A, 1e-7, "A vs tight optimum");
        Fixture.Close(tight[1], fitted.B, 1e-7, "B vs tight optimum");
        Fixture.Close(sklearn[0], fitted.A, 1e-3, "A vs sklearn");
        Fixture.Close(sklearn[1], fitted.B, 1e-3, "B vs sklearn");
        Assert.True(fitted.A < 0); // higher score → higher probability
        Fixture.Close(1 / (1 + Math.Exp(fitted.A * 0.3 + fitted.B)), fitted.Predict(0.3));
    }

    [Fact]
    public void Platt_OneClass_IsAnArgumentError()
    {
        var e = Assert.Throws<ArgumentException>(() => new PlattCalibrator().Fit([1, 1], [0.1, 0.2]));
        Assert.Contains("both classes", e.Message, StringComparison.Ordinal);
    }
}
