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
        var sorted = scores.ToArray();
        var sortedLabels = labels.ToArray();
        // Ascending sort, read backwards; ties need no order because counts are only read after the last tie.
        Array.Sort(sorted, sortedLabels);
        var distinct = 0;
        for (var k = 0; k < n; k++)
        {
            distinct += k == 0 || sorted[k - 1] != sorted[k] ? 1 : 0;
        }

        var fps = new double[distinct];
        var tps = new double[distinct];
        var thresholds = new double[distinct];
        double tp = 0, fp = 0;
        var m = 0;
        for (var k = n - 1; k >= 0; k--)
        {
            if (sortedLabels[k] == 1) { tp++; } else { fp++; }
            if (k == 0 || sorted[k - 1] != sorted[k])
            {
                tps[m] = tp;
                fps[m] = fp;
                thresholds[m++] = sorted[k];
            }
        }

        return new BinaryClfCurve(fps, tps, thresholds);
    }
}
