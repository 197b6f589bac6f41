namespace MedVision.Evaluation.Tests.Uncertainty;

/// <summary>McNemar against scipy.stats.binom / chi2 (fixture mcnemar_table: b, c, statistic, p).</summary>
public class McNemarTests
{
    [Fact]
    public void Test_EqualsScipy_ExactBelow25DiscordantPairs()
    {
        var table = Fixture.D("mcnemar_table");
        for (var r = 0; r < table.Length / 4; r++)
        {
            var (b, c) = ((int)table[4 * r], (int)table[4 * r + 1]);
            var result = McNemar.Test(b, c);
            Fixture.Close(table[4 * r + 2], result.Statistic, 1e-12, $"statistic {b},{c}");
            Fixture.Close(table[4 * r + 3], result.P, 1e-10, $"p {b},{c}");
            Assert.Equal(b + c is > 0 and < 25 || b + c == 0 ? "exact" : "chi-square", result.Method);
        }
    }

    [Fact]
    public void FromScores_CountsDiscordantPairs()
    {
        int[] y = [1, 1, 0, 0, 1];
        double[] a = [0.9, 0.8, 0.1, 0.7, 0.2];
        double[] b = [0.1, 0.8, 0.2, 0.1, 0.9];
        var r = McNemar.Test(y, a, b);
        Assert.Equal(1, r.B); // case 0: A right, B wrong
        Assert.Equal(2, r.C); // cases 3 and 4: A wrong, B right
        Assert.Equal(3 / 5.0, r.AccuracyA);
        Assert.Equal(4 / 5.0, r.AccuracyB);
    }
}
