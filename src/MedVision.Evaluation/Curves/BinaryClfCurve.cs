namespace MedVision.Evaluation;

/// <summary>
/// Cumulative false and true positive counts at each distinct score, scores taken in decreasing order,
/// as scikit-learn's <c>_binary_clf_curve</c>: <c>Fps[k]</c>, <c>Tps[k]</c> count the cases with
/// <c>score ≥ Thresholds[k]</c>.
/// </summary>
internal readonly record struct BinaryClfCurve(double[] Fps, double[] Tps, double[] Thresholds)
{
    public static BinaryClfCurve Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores)
    {
        var n = scores.Length;
        var order = new int[n];
        var sorted = scores.ToArray();
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        // Descending by score; ties keep no particular order because counts are only read at the last tie.
        Array.Sort(sorted, order);
        var fps = new List<double>();
        var tps = new List<double>();
        var thresholds = new List<double>();
        double tp = 0, fp = 0;
        for (var k = n - 1; k >= 0; k--)
        {
            if (labels[order[k]] == 1) { tp++; } else { fp++; }
            if (k == 0 || sorted[k - 1] != sorted[k])
            {
                tps.Add(tp);
                fps.Add(fp);
                thresholds.Add(sorted[k]);
            }
        }

        return new BinaryClfCurve([.. fps], [.. tps], [.. thresholds]);
    }
}
