namespace MedVision.Evaluation;

/// <summary>
/// Reliability (calibration) curve as scikit-learn 1.2's <c>calibration_curve</c>: probabilities are binned
/// (edges <c>linspace(0, 1, bins + 1)</c> or their quantiles), a case goes to bin
/// <c>searchsorted(inner edges, p, side='left')</c>, and for every non-empty bin the fraction of positives
/// (<see cref="ProbTrue"/>) and the mean probability (<see cref="ProbPred"/>) are reported, with the
/// case count (<see cref="Counts"/>). Also the expected calibration error over the same bins and the Brier score.
/// </summary>
public sealed record ReliabilityCurve(double[] ProbTrue, double[] ProbPred, int[] Counts, double[] BinEdges, double ExpectedCalibrationError, double BrierScore)
{
    /// <summary>Five uniform bins (scikit-learn's default).</summary>
    public static ReliabilityCurve Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities) =>
        Compute(labels, probabilities, 5, BinStrategy.Uniform);

    /// <summary>The curve over <paramref name="bins"/> bins laid out by <paramref name="strategy"/>.</summary>
    public static ReliabilityCurve Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, int bins, BinStrategy strategy)
    {
        Check.Binary(labels, probabilities, "labels", nameof(probabilities));
        Check.Probabilities(probabilities, nameof(probabilities));
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var edges = Edges(probabilities, bins, strategy);
        var sums = new double[bins + 1];
        var trues = new double[bins + 1];
        var totals = new int[bins + 1];
        for (var i = 0; i < labels.Length; i++)
        {
            var b = SearchLeft(edges.AsSpan(1, edges.Length - 2), probabilities[i]);
            sums[b] += probabilities[i];
            trues[b] += labels[i];
            totals[b]++;
        }

        var probTrue = new List<double>();
        var probPred = new List<double>();
        var counts = new List<int>();
        var ece = 0.0;
        for (var b = 0; b < sums.Length; b++)
        {
            if (totals[b] == 0)
            {
                continue;
            }

            probTrue.Add(trues[b] / totals[b]);
            probPred.Add(sums[b] / totals[b]);
            counts.Add(totals[b]);
            ece += totals[b] * Math.Abs(trues[b] / totals[b] - sums[b] / totals[b]);
        }

        var n = labels.Length;
        return new ReliabilityCurve([.. probTrue], [.. probPred], [.. counts], edges, n > 0 ? ece / n : double.NaN, Brier(labels, probabilities));
    }

    /// <summary>Bins of <see cref="ExpectedCalibrationErrorOf"/> by default: 10 uniform, the convention of Guo et al. 2017 and Naeini et al. 2015.</summary>
    public const int DefaultEceBins = 10;

    /// <summary>
    /// Expected calibration error: Σ_b (n_b / N)·|fraction positive_b − mean probability_b| over
    /// <paramref name="bins"/> bins (default <see cref="DefaultEceBins"/> uniform).
    /// </summary>
    public static double ExpectedCalibrationErrorOf(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, int bins = DefaultEceBins, BinStrategy strategy = BinStrategy.Uniform) =>
        Compute(labels, probabilities, bins, strategy).ExpectedCalibrationError;

    /// <summary>Brier score, mean (p − y)², as scikit-learn's <c>brier_score_loss</c>; NaN for no cases.</summary>
    public static double Brier(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities)
    {
        Check.Binary(labels, probabilities, "labels", nameof(probabilities));
        if (labels.Length == 0)
        {
            return double.NaN;
        }

        var sum = 0.0;
        for (var i = 0; i < labels.Length; i++)
        {
            var d = probabilities[i] - labels[i];
            sum += d * d;
        }

        return sum / labels.Length;
    }

    private static double[] Edges(ReadOnlySpan<double> probabilities, int bins, BinStrategy strategy)
    {
        var edges = new double[bins + 1];
        if (strategy == BinStrategy.Uniform)
        {
            // np.linspace(0, 1, bins + 1): start + i·step, last edge exactly 1.
            var step = 1.0 / bins;
            for (var i = 0; i <= bins; i++)
            {
                edges[i] = i * step;
            }

            edges[bins] = 1.0;
            return edges;
        }

        var sorted = probabilities.ToArray();
        Array.Sort(sorted);
        for (var i = 0; i <= bins; i++)
        {
            // np.percentile(p, linspace(0, 1, bins + 1) * 100)
            var q = i == bins ? 1.0 : i * (1.0 / bins);
            edges[i] = sorted.Length == 0 ? double.NaN : Stats.Percentile(sorted, q * 100);
        }

        return edges;
    }

    /// <summary>First index i with edges[i] ≥ value (NumPy's <c>searchsorted(side='left')</c>).</summary>
    private static int SearchLeft(ReadOnlySpan<double> edges, double value)
    {
        int lo = 0, hi = edges.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (edges[mid] < value) { lo = mid + 1; } else { hi = mid; }
        }

        return lo;
    }
}
