namespace MedVision.Evaluation.Tests.Uncertainty;

/// <summary>Normal CDF and quantile against scipy.special.ndtr / ndtri; the BCa interval against scipy.stats' own.</summary>
public class StatsTests
{
    [Fact]
    public void NormalCdf_EqualsNdtr()
    {
        var t = Fixture.D("normal_cdf");
        for (var i = 0; i < t.Length / 2; i++)
        {
            var expected = t[2 * i + 1];
            var actual = Stats.NormalCdf(t[2 * i]);
            var relative = Math.Abs(t[2 * i]) > 10 ? 1e-11 : Math.Abs(t[2 * i]) > 4 ? 1e-13 : 1e-14; // exp(−x²/2) loses digits far out
            Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected) + 1e-300, $"Φ({t[2 * i]}) = {actual:R}, expected {expected:R}");
        }
    }

    [Fact]
    public void NormalQuantile_EqualsNdtri()
    {
        var t = Fixture.D("normal_quantile");
        for (var i = 0; i < t.Length / 2; i++)
        {
            Fixture.Close(t[2 * i + 1], Stats.NormalQuantile(t[2 * i]), 1e-13, $"Φ⁻¹({t[2 * i]})");
        }
    }

    [Fact]
    public void BcaAndPercentile_EqualScipyOnTheSameReplicates()
    {
        var x = Fixture.D("bca_data");
        var replicates = Fixture.D("bca_replicates");
        var expected = Fixture.D("bca_expected");
        var jackknife = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            jackknife[i] = (x.Sum() - x[i]) / (x.Length - 1);
        }

        var confidences = new[] { 0.9, 0.95 };
        for (var k = 0; k < 2; k++)
        {
            var (low, high, a) = Bootstrap.BcaInterval(x.Average(), replicates, jackknife, confidences[k]);
            Fixture.Close(expected[5 * k], low, 1e-12, "bca low");
            Fixture.Close(expected[5 * k + 1], high, 1e-12, "bca high");
            Fixture.Close(expected[5 * k + 2], a, 1e-10, "acceleration");
            var (pl, ph) = Bootstrap.PercentileInterval(replicates, confidences[k]);
            Fixture.Close(expected[5 * k + 3], pl, 1e-12, "percentile low");
            Fixture.Close(expected[5 * k + 4], ph, 1e-12, "percentile high");
        }
    }
}
