namespace MedVision.Evaluation;

/// <summary>How the DeLong interval of one AUC is formed.</summary>
public enum DeLongInterval
{
    /// <summary>AUC ± z·SE, clipped to [0, 1] (as pROC's <c>ci.auc(method="delong")</c>).</summary>
    Plain,

    /// <summary>Symmetric on the logit scale, logit(AUC) ± z·SE/(AUC(1 − AUC)), mapped back: stays inside (0, 1).</summary>
    Logit,
}

/// <summary>Options of <see cref="DeLong"/>.</summary>
public sealed record DeLongOptions
{
    /// <summary>Two-sided confidence level (default 0.95).</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Interval of a single AUC (default <see cref="DeLongInterval.Plain"/>). The difference of two AUCs always uses the plain interval.</summary>
    public DeLongInterval Interval { get; init; } = DeLongInterval.Plain;
}

/// <summary>An AUC with its DeLong variance and interval.</summary>
public sealed record DeLongResult(double Auc, double Variance, double StandardError, double CiLow, double CiHigh, IReadOnlyList<string> Warnings)
{
    /// <summary>The AUC with its interval as a <c>results.json</c> metric object.</summary>
    public MetricEstimate ToEstimate() => new(Auc, CiLow, CiHigh);
}

/// <summary>The paired DeLong test of two AUCs on the same cases (H₀: AUC_A = AUC_B).</summary>
public sealed record DeLongComparison(
    double AucA,
    double AucB,
    double Difference,
    double Variance,
    double StandardError,
    double Z,
    double P,
    double CiLow,
    double CiHigh,
    double Correlation,
    IReadOnlyList<string> Warnings);

/// <summary>
/// DeLong, DeLong &amp; Clarke-Pearson (1988) variance of the empirical AUC and the paired test of two
/// correlated AUCs, with the O(n log n) midrank algorithm of Sun &amp; Xu (2014, IEEE SPL 21:1389):
/// for P positives and N negatives, V10ᵢ = (Zᵢ − Xᵢ)/N, V01ⱼ = 1 − (Zⱼ − Yⱼ)/P from the midranks in the pooled
/// (Z), positive (X) and negative (Y) samples; Var = S10/P + S01/N with sample covariances (ddof 1).
/// Needs at least two positives and two negatives; otherwise NaN with a warning.
/// </summary>
public static class DeLong
{
    /// <summary>AUC with its DeLong variance and a 95% plain interval.</summary>
    public static DeLongResult Auc(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores) => Auc(labels, scores, new DeLongOptions());

    /// <summary>AUC with its DeLong variance and interval.</summary>
    public static DeLongResult Auc(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, DeLongOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check.Binary(labels, scores);
        Check.Fraction(options.Confidence, "Confidence");
        var warnings = new List<string>();
        if (!Enough(labels, warnings))
        {
            return new DeLongResult(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, warnings);
        }

        var c = Components(labels, scores);
        var (s10, s01) = (Covariance(c.V10, c.V10), Covariance(c.V01, c.V01));
        var variance = s10 / c.V10.Length + s01 / c.V01.Length;
        var se = Math.Sqrt(variance);
        var z = Stats.NormalQuantile(1 - (1 - options.Confidence) / 2);
        double low, high;
        if (options.Interval == DeLongInterval.Logit && c.Auc is > 0 and < 1)
        {
            var logit = Math.Log(c.Auc / (1 - c.Auc));
            var half = z * se / (c.Auc * (1 - c.Auc));
            (low, high) = (1 / (1 + Math.Exp(-(logit - half))), 1 / (1 + Math.Exp(-(logit + half))));
        }
        else
        {
            if (options.Interval == DeLongInterval.Logit)
            {
                warnings.Add("delong: AUC is 0 or 1, logit interval undefined; plain interval given");
            }

            (low, high) = (Math.Max(0, c.Auc - z * se), Math.Min(1, c.Auc + z * se));
        }

        return new DeLongResult(c.Auc, variance, se, low, high, warnings);
    }

    /// <summary>Paired test of AUC_A − AUC_B on the same cases (two-sided p, 95% plain interval of the difference).</summary>
    public static DeLongComparison Compare(ReadOnlySpan<int> labels, ReadOnlySpan<double> scoresA, ReadOnlySpan<double> scoresB) =>
        Compare(labels, scoresA, scoresB, new DeLongOptions());

    /// <summary>Paired test of AUC_A − AUC_B: z = Δ / √(Var A + Var B − 2 Cov), p = 2(1 − Φ(|z|)).</summary>
    public static DeLongComparison Compare(ReadOnlySpan<int> labels, ReadOnlySpan<double> scoresA, ReadOnlySpan<double> scoresB, DeLongOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check.Binary(labels, scoresA, "labels", nameof(scoresA));
        Check.Binary(labels, scoresB, "labels", nameof(scoresB));
        Check.Fraction(options.Confidence, "Confidence");
        var warnings = new List<string>();
        if (!Enough(labels, warnings))
        {
            return new DeLongComparison(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, warnings);
        }

        var a = Components(labels, scoresA);
        var b = Components(labels, scoresB);
        double p = a.V10.Length, n = a.V01.Length;
        var varA = Covariance(a.V10, a.V10) / p + Covariance(a.V01, a.V01) / n;
        var varB = Covariance(b.V10, b.V10) / p + Covariance(b.V01, b.V01) / n;
        var cov = Covariance(a.V10, b.V10) / p + Covariance(a.V01, b.V01) / n;
        var difference = a.Auc - b.Auc;
        var variance = varA + varB - 2 * cov;
        var se = Math.Sqrt(Math.Max(variance, 0));
        double zStat, pValue;
        if (se > 0)
        {
            zStat = difference / se;
            pValue = 2 * Stats.NormalCdf(-Math.Abs(zStat));
        }
        else
        {
            warnings.Add("delong: the two score sets rank the cases identically (variance of the difference is 0)");
            zStat = difference == 0 ? 0 : double.NaN;
            pValue = difference == 0 ? 1 : double.NaN;
        }

        var zc = Stats.NormalQuantile(1 - (1 - options.Confidence) / 2);
        var correlation = cov / Math.Sqrt(varA * varB);
        return new DeLongComparison(a.Auc, b.Auc, difference, variance, se, zStat, pValue, difference - zc * se, difference + zc * se, correlation, warnings);
    }

    /// <summary>AUC and the structural components V10 (one per positive, in case order) and V01 (one per negative).</summary>
    internal static (double Auc, double[] V10, double[] V01) Components(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores)
    {
        var (m, n) = Check.Count(labels);
        var x = new double[m];
        var y = new double[n];
        int ix = 0, iy = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] == 1) { x[ix++] = scores[i]; } else { y[iy++] = scores[i]; }
        }

        var z = new double[m + n];
        x.CopyTo(z, 0);
        y.CopyTo(z, m);
        var tx = Midranks(x);
        var ty = Midranks(y);
        var tz = Midranks(z);
        var v10 = new double[m];
        var v01 = new double[n];
        var sum = 0.0;
        for (var i = 0; i < m; i++)
        {
            v10[i] = (tz[i] - tx[i]) / n;
            sum += tz[i];
        }

        for (var j = 0; j < n; j++)
        {
            v01[j] = 1.0 - (tz[m + j] - ty[j]) / m;
        }

        var auc = (sum - m * (m + 1.0) / 2.0) / ((double)m * n);
        return (auc, v10, v01);
    }

    /// <summary>Midranks (1-based, ties share the mean of their ranks) of the values, in their original order.</summary>
    internal static double[] Midranks(double[] values)
    {
        var n = values.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var sorted = (double[])values.Clone();
        Array.Sort(sorted, order);
        var ranks = new double[n];
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j < n && sorted[j] == sorted[i])
            {
                j++;
            }

            var midrank = (i + 1 + j) / 2.0;
            for (var k = i; k < j; k++)
            {
                ranks[order[k]] = midrank;
            }

            i = j;
        }

        return ranks;
    }

    private static double Covariance(double[] a, double[] b)
    {
        double ma = 0, mb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            ma += a[i];
            mb += b[i];
        }

        ma /= a.Length;
        mb /= b.Length;
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += (a[i] - ma) * (b[i] - mb);
        }

        return s / (a.Length - 1);
    }

    private static bool Enough(ReadOnlySpan<int> labels, List<string> warnings)
    {
        var (positives, negatives) = Check.Count(labels);
        if (positives >= 2 && negatives >= 2)
        {
            return true;
        }

        warnings.Add($"delong: needs at least 2 positive and 2 negative cases, got {positives} and {negatives} (NaN)");
        return false;
    }
}
