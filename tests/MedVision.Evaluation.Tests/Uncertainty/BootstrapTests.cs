using System.Text.Json;
using Xunit.Abstractions;

namespace MedVision.Evaluation.Tests.Uncertainty;

public class BootstrapTests(ITestOutputHelper output)
{
    private static (int[] Y, double[] S) Binormal(int positives, int negatives, double mu, ulong seed)
    {
        var rng = new Rng(seed);
        var y = new int[positives + negatives];
        var s = new double[y.Length];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = i < positives ? 1 : 0;
            s[i] = rng.NextGaussian() + (y[i] == 1 ? mu : 0);
        }

        return (y, s);
    }

    /// <summary>
    /// 95% percentile intervals of the AUC cover the true AUC of a binormal model (AUC = Φ(μ/√2) = 0.8) in
    /// 93–97% of simulated studies of 50 + 50 cases. 500 studies × 500 resamples when MEDVISION_LONG_TESTS=1,
    /// 200 × 300 otherwise (the short run only checks a wider band, 90–99%).
    /// </summary>
    [Fact]
    public void PercentileInterval_CoversTheTrueAuc()
    {
        var full = Environment.GetEnvironmentVariable("MEDVISION_LONG_TESTS") == "1";
        var (studies, resamples) = full ? (500, 500) : (200, 300);
        var mu = Math.Sqrt(2) * Stats.NormalQuantile(0.8);
        var covered = 0;
        for (var k = 0; k < studies; k++)
        {
            var (y, s) = Binormal(50, 50, mu, (ulong)(1000 + k));
            var e = Bootstrap.Estimate(y, s, RocCurve.AucOnly, new BootstrapOptions { Resamples = resamples, Seed = (ulong)k });
            covered += e.CiLow <= 0.8 && 0.8 <= e.CiHigh ? 1 : 0;
        }

        var coverage = covered / (double)studies;
        output.WriteLine($"coverage {coverage:P1} over {studies} studies × {resamples} resamples");
        if (full)
        {
            Assert.InRange(coverage, 0.93, 0.97);
        }
        else
        {
            Assert.InRange(coverage, 0.90, 0.99);
        }
    }

    [Fact]
    public void SameSeed_SameIntervals_WhateverTheThreadCount()
    {
        var (y, s) = Binormal(30, 70, 1.0, 5);
        var one = BinaryMetricEstimates.Compute(y, s, 0.5, new BootstrapOptions { Resamples = 300, Seed = 11, MaxDegreeOfParallelism = 1 });
        var many = BinaryMetricEstimates.Compute(y, s, 0.5, new BootstrapOptions { Resamples = 300, Seed = 11, MaxDegreeOfParallelism = 4 });
        Assert.Equal(one.All, many.All);
        var other = BinaryMetricEstimates.Compute(y, s, 0.5, new BootstrapOptions { Resamples = 300, Seed = 12 });
        Assert.NotEqual(one.Auc, other.Auc);
        Assert.All(one.All, e => Assert.True(e.CiLow <= e.Value && e.Value <= e.CiHigh, $"{e}"));
    }

    [Fact]
    public void BCa_ForAuc_IsAnIntervalAroundTheEstimate()
    {
        var (y, s) = Binormal(40, 60, 1.2, 8);
        var bca = Bootstrap.Estimate(y, s, RocCurve.AucOnly, new BootstrapOptions { Resamples = 400, Method = BootstrapInterval.BCa, Seed = 1 });
        var percentile = Bootstrap.Estimate(y, s, RocCurve.AucOnly, new BootstrapOptions { Resamples = 400, Seed = 1 });
        Assert.True(bca.CiLow < bca.Value && bca.Value < bca.CiHigh);
        Assert.NotEqual(percentile.CiLow, bca.CiLow);
        var delong = DeLong.Auc(y, s);
        Assert.InRange(bca.CiHigh - bca.CiLow, 0.6 * (delong.CiHigh - delong.CiLow), 1.5 * (delong.CiHigh - delong.CiLow));
    }

    [Fact]
    public void GroupedResampling_DrawsWholeGroups()
    {
        // Ten groups of five identical cases: resampling cases would make the groups look like fifty independent cases.
        var y = new int[50];
        var s = new double[50];
        var groups = new string[50];
        var rng = new Rng(3);
        for (var g = 0; g < 10; g++)
        {
            var label = g % 2;
            var score = rng.NextGaussian() + label;
            for (var k = 0; k < 5; k++)
            {
                (y[5 * g + k], s[5 * g + k], groups[5 * g + k]) = (label, score, $"patient{g}");
            }
        }

        var byCase = Bootstrap.Estimate(y, s, RocCurve.AucOnly, new BootstrapOptions { Resamples = 400, Seed = 2 });
        var byGroup = Bootstrap.Estimate(y, s, RocCurve.AucOnly, new BootstrapOptions { Resamples = 400, Seed = 2, Groups = groups });
        Assert.True(byGroup.CiHigh - byGroup.CiLow > byCase.CiHigh - byCase.CiLow);
        Assert.Throws<ArgumentException>(() => Bootstrap.Estimate(y, s, RocCurve.AucOnly, new BootstrapOptions { Groups = ["x"] }));
    }

    [Fact]
    public void UnstratifiedResamplesWithOneClass_AreLeftOutAndCounted()
    {
        int[] y = [1, 0, 0, 0, 0, 0];
        double[] s = [0.9, 0.1, 0.2, 0.3, 0.4, 0.5];
        var result = Bootstrap.Run(y, s, 1, (yy, ss, d) => d[0] = RocCurve.MannWhitney(yy, ss, null), new BootstrapOptions { Resamples = 200, Stratified = false });
        Assert.Contains(result.Warnings, w => w.Contains("resamples undefined", StringComparison.Ordinal));
    }

    [Fact]
    public void MetricEstimate_SerialisesToResultsJsonObject_NaNAsNull()
    {
        var json = JsonSerializer.Serialize(new MetricEstimate(0.91, 0.85, double.NaN));
        Assert.Equal("{\"value\":0.91,\"ci_low\":0.85,\"ci_high\":null}", json);
        var back = JsonSerializer.Deserialize<MetricEstimate>(json)!;
        Assert.Equal(0.91, back.Value);
        Assert.True(double.IsNaN(back.CiHigh));

        var (y, s) = Binormal(20, 20, 1, 1);
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(BinaryMetricEstimates.Compute(y, s, 0.5, new BootstrapOptions { Resamples = 50 })));
        foreach (var key in new[] { "auc", "accuracy", "sensitivity", "specificity", "precision", "f1", "mcc", "balanced_accuracy" })
        {
            var metric = doc.RootElement.GetProperty(key);
            Assert.Equal(JsonValueKind.Number, metric.GetProperty("value").ValueKind);
            Assert.Equal(JsonValueKind.Number, metric.GetProperty("ci_low").ValueKind);
            Assert.Equal(JsonValueKind.Number, metric.GetProperty("ci_high").ValueKind);
        }

        Assert.Equal(20, doc.RootElement.GetProperty("confusion_matrix").GetProperty("tp").GetInt32() + doc.RootElement.GetProperty("confusion_matrix").GetProperty("fn").GetInt32());
    }
}
