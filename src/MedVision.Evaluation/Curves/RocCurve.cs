namespace MedVision.Evaluation;

/// <summary>Options of <see cref="RocCurve.Compute(ReadOnlySpan{int}, ReadOnlySpan{double}, RocCurveOptions)"/>.</summary>
public sealed record RocCurveOptions
{
    /// <summary>Drop thresholds that lie on a straight segment of the curve (scikit-learn's <c>drop_intermediate</c>, default true).</summary>
    public bool DropIntermediate { get; init; } = true;
}

/// <summary>
/// Receiver operating characteristic curve and the area under it, as scikit-learn 1.2's <c>roc_curve</c>
/// and <c>roc_auc_score</c>: points at every distinct score (ties form one step), a first point (0, 0) at
/// threshold <c>max score + 1</c>, and the AUC by the trapezoidal rule (ties count one half).
/// One class only: the rate of the missing class is NaN, <see cref="Auc"/> is NaN and <see cref="Warnings"/> says why.
/// </summary>
public sealed record RocCurve(double[] Fpr, double[] Tpr, double[] Thresholds, double Auc, IReadOnlyList<string> Warnings)
{
    /// <summary>The curve with scikit-learn's defaults (<c>drop_intermediate=True</c>).</summary>
    public static RocCurve Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores) => Compute(labels, scores, new RocCurveOptions());

    /// <summary>The curve with the given options.</summary>
    public static RocCurve Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, RocCurveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check.Binary(labels, scores);
        var warnings = new List<string>();
        if (labels.Length == 0)
        {
            warnings.Add("roc: no cases (AUC undefined, NaN)");
            return new RocCurve([0.0], [0.0], [double.PositiveInfinity], double.NaN, warnings);
        }

        var (fps, tps, thresholds) = BinaryClfCurve.Compute(labels, scores);
        if (options.DropIntermediate && fps.Length > 2)
        {
            var keep = new List<int> { 0 };
            for (var i = 1; i < fps.Length - 1; i++)
            {
                // Second differences: a point is kept where the curve changes direction.
                if (fps[i + 1] - 2 * fps[i] + fps[i - 1] != 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] != 0)
                {
                    keep.Add(i);
                }
            }

            keep.Add(fps.Length - 1);
            fps = [.. keep.Select(i => fps[i])];
            tps = [.. keep.Select(i => tps[i])];
            thresholds = [.. keep.Select(i => thresholds[i])];
        }

        var m = fps.Length + 1;
        var fpr = new double[m];
        var tpr = new double[m];
        var thr = new double[m];
        thr[0] = thresholds[0] + 1;
        var fpTotal = fps[^1];
        var tpTotal = tps[^1];
        if (fpTotal <= 0)
        {
            warnings.Add("roc: no negative cases, false positive rate undefined (NaN)");
        }

        if (tpTotal <= 0)
        {
            warnings.Add("roc: no positive cases, true positive rate undefined (NaN)");
        }

        for (var i = 1; i < m; i++)
        {
            fpr[i] = fpTotal > 0 ? fps[i - 1] / fpTotal : double.NaN;
            tpr[i] = tpTotal > 0 ? tps[i - 1] / tpTotal : double.NaN;
            thr[i] = thresholds[i - 1];
        }

        fpr[0] = fpTotal > 0 ? 0 : double.NaN;
        tpr[0] = tpTotal > 0 ? 0 : double.NaN;
        var auc = fpTotal > 0 && tpTotal > 0 ? Trapezoid(fpr, tpr) : double.NaN;
        if (double.IsNaN(auc))
        {
            warnings.Add("roc: only one class present, AUC undefined (NaN)");
        }

        return new RocCurve(fpr, tpr, thr, auc, warnings);
    }

    /// <summary>
    /// ROC AUC alone, by the Mann–Whitney statistic (ties count ½) in O(n log n): equal to
    /// <c>roc_auc_score</c>; NaN when a class is missing. Used inside bootstrap loops.
    /// </summary>
    public static double AucOnly(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores)
    {
        Check.Binary(labels, scores);
        return MannWhitney(labels, scores, null);
    }

    /// <summary>Area under (x, y) by the trapezoidal rule, as <c>np.trapz</c> / <c>sklearn.metrics.auc</c>.</summary>
    public static double Trapezoid(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"x and y must have the same length, got {x.Length} and {y.Length}", nameof(y));
        }

        var area = 0.0;
        for (var i = 1; i < x.Length; i++)
        {
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;
        }

        return area;
    }

    /// <summary>AUC as (Σ midranks of positives − P(P+1)/2) / (P·N); <paramref name="scratch"/> may hold n doubles + n ints to avoid allocation.</summary>
    internal static double MannWhitney(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, (double[] Keys, int[] Items)? scratch)
    {
        var n = scores.Length;
        var (positives, negatives) = Check.Count(labels);
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var keys = scratch?.Keys ?? new double[n];
        var items = scratch?.Items ?? new int[n];
        scores.CopyTo(keys);
        labels.CopyTo(items);
        Array.Sort(keys, items, 0, n);
        var rankSum = 0.0;
        for (var i = 0; i < n;)
        {
            var j = i;
            var tiePositives = 0;
            while (j < n && keys[j] == keys[i])
            {
                tiePositives += items[j];
                j++;
            }

            rankSum += tiePositives * ((i + 1 + j) / 2.0); // midrank of ranks i+1 … j
            i = j;
        }

        return (rankSum - positives * (positives + 1.0) / 2.0) / ((double)positives * negatives);
    }
}
