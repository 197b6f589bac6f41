namespace MedVision.Evaluation;

/// <summary>
/// Decision-curve analysis (Vickers &amp; Elkin 2006): at each threshold probability pₜ, treating the cases with
/// <c>p ≥ pₜ</c> has net benefit TP/N − FP/N · pₜ/(1 − pₜ); treating all has prevalence − (1 − prevalence)·pₜ/(1 − pₜ);
/// treating none has 0.
/// </summary>
public sealed record DecisionCurve(double[] Thresholds, double[] NetBenefit, double[] TreatAll, double[] TreatNone, double Prevalence)
{
    /// <summary>Over threshold probabilities 0.01, 0.02, …, 0.99.</summary>
    public static DecisionCurve Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities)
    {
        var grid = new double[99];
        for (var k = 0; k < grid.Length; k++)
        {
            grid[k] = (k + 1) / 100.0;
        }

        return Compute(labels, probabilities, grid);
    }

    /// <summary>Over the given threshold probabilities, each in (0, 1).</summary>
    public static DecisionCurve Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, ReadOnlySpan<double> thresholds)
    {
        Check.Binary(labels, probabilities, "labels", nameof(probabilities));
        if (labels.Length == 0)
        {
            throw new ArgumentException("decision curve needs at least one case, got none", nameof(labels));
        }

        var n = (double)labels.Length;
        var prevalence = Check.Count(labels).Positives / n;
        var net = new double[thresholds.Length];
        var all = new double[thresholds.Length];
        for (var k = 0; k < thresholds.Length; k++)
        {
            var pt = thresholds[k];
            Check.Fraction(pt, $"{nameof(thresholds)}[{k}]");
            var odds = pt / (1 - pt);
            var m = ConfusionMatrix.Count(labels, probabilities, pt);
            net[k] = m.TruePositives / n - m.FalsePositives / n * odds;
            all[k] = prevalence - (1 - prevalence) * odds;
        }

        return new DecisionCurve(thresholds.ToArray(), net, all, new double[thresholds.Length], prevalence);
    }
}
