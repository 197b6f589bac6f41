namespace MedVision.Evaluation.Tests.Calibration;

/// <summary>Temperature scaling against PyTorch's cross-entropy minimised by scipy (tests/fixtures/scripts/evaluation_temperature.py).</summary>
public class TemperatureScalingTests
{
    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 3)]
    public void Temperature_IsTheCrossEntropyMinimum_AsScipyFindsIt(int k, int classes)
    {
        var logits = Fixture.D($"temperature_case{k}_logits");
        var labels = Fixture.I($"temperature_case{k}_labels");
        var expected = Fixture.D($"temperature_case{k}_expected");

        var fit = TemperatureScaling.Fit(labels, logits, classes);

        Assert.Equal(expected[0], fit.Temperature, 1e-6);
        Assert.Equal(expected[1], fit.CrossEntropy, 1e-10);
        Assert.Empty(fit.Warnings);
        var scaled = new double[logits.Length];
        fit.Apply(logits, scaled);
        var reference = Fixture.D($"temperature_case{k}_scaled");
        for (var i = 0; i < scaled.Length; i++)
        {
            Assert.Equal(reference[i], scaled[i], 1e-6);
        }
    }

    [Fact]
    public void Temperature_NeverChangesThePredictedClass_AndFitsProbabilitiesAsLogits()
    {
        var logits = Fixture.D("temperature_case0_logits");
        var labels = Fixture.I("temperature_case0_labels");
        var probabilities = new double[logits.Length];
        new FittedTemperature(1, 0, labels.Length, 4).Apply(logits, probabilities);

        var fromLogits = TemperatureScaling.Fit(labels, logits, 4);
        var fromProbabilities = TemperatureScaling.FitProbabilities(labels, probabilities, 4);
        Assert.Equal(fromLogits.Temperature, fromProbabilities.Temperature, 1e-6);

        var scaled = fromProbabilities.ApplyToProbabilities(probabilities);
        for (var i = 0; i < labels.Length; i++)
        {
            Assert.Equal(MulticlassMetricEstimates.PredictedClass(probabilities, 4, i), MulticlassMetricEstimates.PredictedClass(scaled, 4, i));
        }
    }

    [Fact]
    public void PerfectSeparation_StopsAtTheBound_WithAWarning()
    {
        // Always right by a hair: the loss falls all the way to T → 0.
        double[] logits = [1e-3, 0, 0, 0, 1e-3, 0, 0, 0, 1e-3];
        var fit = TemperatureScaling.Fit([0, 1, 2], logits, 3);
        Assert.Equal(TemperatureScaling.MinTemperature, fit.Temperature, 1e-12);
        Assert.Single(fit.Warnings);
    }

    [Fact]
    public void BadInput_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([0, 1], [1, 2, 3], 3));
        Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([0, 3], [1, 2, 3, 1, 2, 3], 3));
        Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([0], [double.NaN, 1, 2], 3));
        Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([], [], 3));
    }
}
