namespace MedVision.Evaluation;

/// <summary>
/// Per-fold ROC curves on a common false-positive-rate grid and their mean ± std band (seeds/000; scikit-learn's
/// "ROC with cross validation" example): each fold's TPR is interpolated as <c>np.interp(grid, fpr, tpr)</c>
/// with its first value set to 0; the mean curve ends at 1; <see cref="MeanAuc"/> is the area under the mean
/// curve and <see cref="StdAuc"/> the population std (ddof 0) of the fold AUCs; the band is mean ± std clipped to [0, 1].
/// </summary>
public sealed record CrossValidatedRoc(
    double[] Fpr,
    double[] MeanTpr,
    double[] StdTpr,
    double[] TprLower,
    double[] TprUpper,
    double[] FoldAucs,
    double MeanAuc,
    double StdAuc,
    IReadOnlyList<RocCurve> Folds,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The band on a grid of 101 points over [0, 1].</summary>
    public static CrossValidatedRoc Compute(IReadOnlyList<(int[] Labels, double[] Scores)> folds) => Compute(folds, 101);

    /// <summary>The band on a grid of <paramref name="gridPoints"/> points over [0, 1]. Folds with one class only are left out with a warning.</summary>
    public static CrossValidatedRoc Compute(IReadOnlyList<(int[] Labels, double[] Scores)> folds, int gridPoints)
    {
        ArgumentNullException.ThrowIfNull(folds);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridPoints, 2);
        var grid = new double[gridPoints];
        for (var i = 0; i < gridPoints; i++)
        {
            grid[i] = (double)i / (gridPoints - 1);
        }

        var warnings = new List<string>();
        var curves = new List<RocCurve>();
        var tprs = new List<double[]>();
        for (var f = 0; f < folds.Count; f++)
        {
            var roc = RocCurve.Compute(folds[f].Labels, folds[f].Scores);
            curves.Add(roc);
            if (double.IsNaN(roc.Auc))
            {
                warnings.Add($"fold {f}: AUC undefined ({string.Join("; ", roc.Warnings)}), left out of the band");
                continue;
            }

            var tpr = new double[gridPoints];
            for (var i = 0; i < gridPoints; i++)
            {
                tpr[i] = Interp(grid[i], roc.Fpr, roc.Tpr);
            }

            tpr[0] = 0.0;
            tprs.Add(tpr);
        }

        var mean = new double[gridPoints];
        var std = new double[gridPoints];
        var lower = new double[gridPoints];
        var upper = new double[gridPoints];
        var column = new double[tprs.Count];
        for (var i = 0; i < gridPoints; i++)
        {
            for (var f = 0; f < tprs.Count; f++)
            {
                column[f] = tprs[f][i];
            }

            (mean[i], std[i]) = Stats.MeanStd(column);
        }

        if (tprs.Count > 0)
        {
            mean[^1] = 1.0;
        }

        for (var i = 0; i < gridPoints; i++)
        {
            upper[i] = Math.Min(mean[i] + std[i], 1.0);
            lower[i] = Math.Max(mean[i] - std[i], 0.0);
        }

        var aucs = curves.Select(c => c.Auc).Where(a => !double.IsNaN(a)).ToArray();
        var meanAuc = tprs.Count > 0 ? RocCurve.Trapezoid(grid, mean) : double.NaN;
        return new CrossValidatedRoc(grid, mean, std, lower, upper, aucs, meanAuc, Stats.MeanStd(aucs).Std, curves, warnings);
    }

    /// <summary>
    /// <c>np.interp(x, xp, fp)</c> for non-decreasing <paramref name="xp"/>: with repeated xp values the last of
    /// them counts (the top of a vertical ROC segment); outside the range the end values.
    /// </summary>
    internal static double Interp(double x, ReadOnlySpan<double> xp, ReadOnlySpan<double> fp)
    {
        if (x < xp[0])
        {
            return fp[0];
        }

        if (x >= xp[^1])
        {
            return fp[^1];
        }

        // Last j with xp[j] ≤ x.
        int lo = 0, hi = xp.Length - 1;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) >>> 1;
            if (xp[mid] <= x) { lo = mid; } else { hi = mid; }
        }

        var slope = (fp[lo + 1] - fp[lo]) / (xp[lo + 1] - xp[lo]);
        return slope * (x - xp[lo]) + fp[lo];
    }
}
