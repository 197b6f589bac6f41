namespace MedVision.Evaluation.Tests;

public class LogisticCalibrationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void SlopeAndIntercept_MatchScikitLearnAndScipy(int k)
    {
        var expected = Fixture.D($"logcal_case{k}_expected");

        var fit = LogisticCalibration.Fit(Fixture.I($"logcal_case{k}_true"), Fixture.D($"logcal_case{k}_pred"));

        Fixture.Close(expected[0], fit.Slope, 1e-6, "slope");
        Fixture.Close(expected[1], fit.Intercept, 1e-7, "intercept");
        Assert.Empty(fit.Warnings);
    }

    [Fact]
    public void PerfectlyCalibratedLogits_GiveSlopeOneInterceptZero_InTheLimit()
    {
        // Outcomes drawn from the predictions themselves: slope ≈ 1, intercept ≈ 0.
        var random = new Random(4);
        var p = Enumerable.Range(0, 20000).Select(_ => 1 / (1 + Math.Exp(-((random.NextDouble() * 6) - 3)))).ToArray();
        var y = p.Select(v => random.NextDouble() < v ? 1 : 0).ToArray();

        var fit = LogisticCalibration.Fit(y, p);

        Assert.InRange(fit.Slope, 0.95, 1.05);
        Assert.InRange(fit.Intercept, -0.05, 0.05);
    }

    [Fact]
    public void DegenerateInputs_AreNaNWithAWarning()
    {
        var one = LogisticCalibration.Fit([1, 1, 1], [0.2, 0.5, 0.9]);
        Assert.True(double.IsNaN(one.Slope) && double.IsNaN(one.Intercept));
        Assert.Contains("one class only", one.Warnings[0], StringComparison.Ordinal);

        var separated = LogisticCalibration.Fit([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]);
        Assert.True(double.IsNaN(separated.Slope));
        Assert.Contains("separate", separated.Warnings[0], StringComparison.Ordinal);
    }
}
