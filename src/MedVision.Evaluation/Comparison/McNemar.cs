namespace MedVision.Evaluation;

/// <summary>
/// McNemar's test of two paired accuracies. <see cref="B"/>: cases A got right and B got wrong;
/// <see cref="C"/>: A wrong, B right. <see cref="Method"/> is "exact" or "chi-square".
/// </summary>
public sealed record McNemarResult(int B, int C, double Statistic, double P, string Method, double AccuracyA, double AccuracyB);

/// <summary>
/// McNemar's test on the discordant pairs b and c. Rule: when b + c &lt; 25 the exact two-sided binomial
/// test, p = min(1, 2·P(X ≤ min(b, c))) with X ~ Bin(b + c, ½), statistic min(b, c) (as statsmodels'
/// <c>mcnemar(exact=True)</c>); otherwise the chi-square statistic with continuity correction
/// (|b − c| − 1)² / (b + c) on one degree of freedom (as <c>mcnemar(exact=False, correction=True)</c>).
/// No discordant pairs: statistic 0, p = 1.
/// </summary>
public static class McNemar
{
    /// <summary>Discordant-pair count below which the exact binomial test is used.</summary>
    public const int ExactBelow = 25;

    /// <summary>The test from the discordant counts alone (accuracies NaN).</summary>
    public static McNemarResult Test(int b, int c)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        return Test(b, c, double.NaN, double.NaN);
    }

    /// <summary>The test of predictions <c>score ≥ threshold</c> of two models on the same cases.</summary>
    public static McNemarResult Test(ReadOnlySpan<int> labels, ReadOnlySpan<double> scoresA, ReadOnlySpan<double> scoresB, double threshold = 0.5)
    {
        Check.Binary(labels, scoresA, "labels", nameof(scoresA));
        Check.Binary(labels, scoresB, "labels", nameof(scoresB));
        int b = 0, c = 0, rightA = 0, rightB = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var a = (scoresA[i] >= threshold ? 1 : 0) == labels[i];
            var bb = (scoresB[i] >= threshold ? 1 : 0) == labels[i];
            rightA += a ? 1 : 0;
            rightB += bb ? 1 : 0;
            b += a && !bb ? 1 : 0;
            c += !a && bb ? 1 : 0;
        }

        var n = (double)labels.Length;
        return Test(b, c, n > 0 ? rightA / n : double.NaN, n > 0 ? rightB / n : double.NaN);
    }

    private static McNemarResult Test(int b, int c, double accuracyA, double accuracyB)
    {
        var discordant = b + c;
        if (discordant == 0)
        {
            return new McNemarResult(b, c, 0, 1, "exact", accuracyA, accuracyB);
        }

        if (discordant < ExactBelow)
        {
            var k = Math.Min(b, c);
            return new McNemarResult(b, c, k, Math.Min(1.0, 2 * Stats.BinomialHalfCdf(k, discordant)), "exact", accuracyA, accuracyB);
        }

        var d = Math.Abs(b - c) - 1.0;
        var statistic = d * d / discordant;
        return new McNemarResult(b, c, statistic, Stats.ChiSquare1Sf(statistic), "chi-square", accuracyA, accuracyB);
    }
}
