namespace MedVision.Evaluation;

/// <summary>Distribution functions and order statistics used by the intervals and tests.</summary>
internal static class Stats
{
    /// <summary>Standard normal CDF Φ(x), accurate in both tails (via erfc).</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2.0));

    /// <summary>
    /// Standard normal quantile Φ⁻¹(p): Acklam's rational approximation refined by one Halley step on
    /// <see cref="NormalCdf"/> (relative error near 1e-15). Returns ±∞ at 0 and 1, NaN outside [0, 1].
    /// </summary>
    public static double NormalQuantile(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1)
        {
            return double.NaN;
        }

        if (p == 0)
        {
            return double.NegativeInfinity;
        }

        if (p == 1)
        {
            return double.PositiveInfinity;
        }

        const double pLow = 0.02425;
        double x;
        if (p < pLow)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((C0 * q + C1) * q + C2) * q + C3) * q + C4) * q + C5) / ((((D0 * q + D1) * q + D2) * q + D3) * q + 1);
        }
        else if (p <= 1 - pLow)
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((A0 * r + A1) * r + A2) * r + A3) * r + A4) * r + A5) * q / (((((B0 * r + B1) * r + B2) * r + B3) * r + B4) * r + 1);
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((C0 * q + C1) * q + C2) * q + C3) * q + C4) * q + C5) / ((((D0 * q + D1) * q + D2) * q + D3) * q + 1);
        }

        for (var step = 0; step < 2; step++)
        {
            // e = Φ(x) − p, computed on the tail that keeps precision.
            var e = p < 0.5 ? NormalCdf(x) - p : -(NormalCdf(-x) - (1 - p));
            var u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
            x -= u / (1 + x * u / 2);
        }

        return x;
    }

    /// <summary>
    /// Complementary error function, W. J. Cody's rational Chebyshev approximations (1969) as in
    /// SPECFUN CALERF: relative error below 1e-15 over the whole line.
    /// </summary>
    public static double Erfc(double x)
    {
        var y = Math.Abs(x);
        double result;
        if (y <= 0.46875)
        {
            var ysq = y > 1.11e-16 ? y * y : 0.0;
            var num = Ea[4] * ysq;
            var den = ysq;
            for (var i = 0; i < 3; i++)
            {
                num = (num + Ea[i]) * ysq;
                den = (den + Eb[i]) * ysq;
            }

            var erf = x * (num + Ea[3]) / (den + Eb[3]);
            return 1.0 - erf;
        }

        if (y <= 4.0)
        {
            var num = Ec[8] * y;
            var den = y;
            for (var i = 0; i < 7; i++)
            {
                num = (num + Ec[i]) * y;
                den = (den + Ed[i]) * y;
            }

            result = (num + Ec[7]) / (den + Ed[7]);
        }
        else
        {
            if (y >= 26.55)
            {
                return x > 0 ? 0.0 : 2.0;
            }

            var ysq = 1.0 / (y * y);
            var num = Ep[5] * ysq;
            var den = ysq;
            for (var i = 0; i < 4; i++)
            {
                num = (num + Ep[i]) * ysq;
                den = (den + Eq[i]) * ysq;
            }

            result = ysq * (num + Ep[4]) / (den + Eq[4]);
            result = (1.0 / Math.Sqrt(Math.PI) - result) / y;
        }

        var ysq16 = Math.Truncate(y * 16.0) / 16.0;
        var del = (y - ysq16) * (y + ysq16);
        result = Math.Exp(-ysq16 * ysq16) * Math.Exp(-del) * result;
        return x < 0 ? 2.0 - result : result;
    }

    /// <summary>Upper tail of the chi-square distribution with one degree of freedom: P(X ≥ x) = erfc(√(x/2)).</summary>
    public static double ChiSquare1Sf(double x) => x <= 0 ? 1.0 : Erfc(Math.Sqrt(x / 2.0));

    /// <summary>P(X ≤ k) for X ~ Binomial(n, 1/2), summed exactly in log space.</summary>
    public static double BinomialHalfCdf(int k, int n)
    {
        if (k < 0)
        {
            return 0.0;
        }

        if (k >= n)
        {
            return 1.0;
        }

        var sum = 0.0;
        var logTerm = -n * Math.Log(2.0); // log C(n, 0) / 2^n
        for (var i = 0; i <= k; i++)
        {
            sum += Math.Exp(logTerm);
            logTerm += Math.Log(n - i) - Math.Log(i + 1);
        }

        return Math.Min(1.0, sum);
    }

    /// <summary>
    /// The q-th percentile (q in [0, 100]) of <paramref name="sorted"/> with linear interpolation between
    /// order statistics, as NumPy's <c>np.percentile</c> default (Hyndman–Fan type 7).
    /// </summary>
    public static double Percentile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0 || double.IsNaN(q))
        {
            return double.NaN;
        }

        var position = q / 100.0 * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        if (lower >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        if (lower < 0)
        {
            return sorted[0];
        }

        var fraction = position - lower;
        // NumPy's lerp: a + (b - a)·t, switched to b - (b - a)·(1 - t) for t ≥ 0.5.
        var a = sorted[lower];
        var b = sorted[lower + 1];
        var diff = b - a;
        return fraction >= 0.5 ? b - diff * (1 - fraction) : a + diff * fraction;
    }

    /// <summary>Mean and standard deviation (population, ddof 0 as <c>np.std</c>) of the values.</summary>
    public static (double Mean, double Std) MeanStd(ReadOnlySpan<double> values)
    {
        if (values.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        var ss = 0.0;
        foreach (var v in values)
        {
            ss += (v - mean) * (v - mean);
        }

        return (mean, Math.Sqrt(ss / values.Length));
    }

    private static readonly double[] Ea = [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1];
    private static readonly double[] Eb = [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03];
    private static readonly double[] Ec = [5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8];
    private static readonly double[] Ed = [1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03];
    private static readonly double[] Ep = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
    private static readonly double[] Eq = [2.56852019228982242e00, 1.87295284992346725e00, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

    private const double A0 = -3.969683028665376e+01, A1 = 2.209460984245205e+02, A2 = -2.759285104469687e+02, A3 = 1.383577518672690e+02, A4 = -3.066479806614716e+01, A5 = 2.506628277459239e+00;
    private const double B0 = -5.447609879822406e+01, B1 = 1.615858368580409e+02, B2 = -1.556989798598866e+02, B3 = 6.680131188771972e+01, B4 = -1.328068155288572e+01;
    private const double C0 = -7.784894002430293e-03, C1 = -3.223964580411365e-01, C2 = -2.400758277161838e+00, C3 = -2.549671010115818e+00, C4 = 4.374664141464968e+00, C5 = 2.938163982698783e+00;
    private const double D0 = 7.784695709041462e-03, D1 = 3.224671290700398e-01, D2 = 2.445134137142996e+00, D3 = 3.754408661907416e+00;
}
