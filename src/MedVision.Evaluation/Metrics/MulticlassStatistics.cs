namespace MedVision.Evaluation;

/// <summary>
/// The statistics vector of <see cref="MulticlassMetricEstimates"/> for a subset of cases (indices into labels and an
/// N × K probability matrix), with its own scratch memory: one instance per bootstrap thread. The decision is the
/// arg-max class (ties to the lowest index, as <c>numpy.argmax</c>). Slots: <see cref="MulticlassMetricEstimates.Names"/>
/// first, then <see cref="MulticlassMetricEstimates.ClassNames"/> for class 0, class 1, ….
/// </summary>
internal sealed class MulticlassStatistics(int[] labels, double[] probabilities, int classes)
{
    private readonly long[] _counts = new long[classes * classes];
    private int[] _binary = [];
    private double[] _column = [];
    private double[] _keys = [];
    private int[] _items = [];

    /// <summary>Slots in the vector: the summary metrics and five per class.</summary>
    public int Count => MulticlassMetricEstimates.Names.Count + (MulticlassMetricEstimates.ClassNames.Count * classes);

    public void Compute(ReadOnlySpan<int> cases, Span<double> d)
    {
        var k = classes;
        var n = cases.Length;
        Array.Clear(_counts);
        foreach (var i in cases)
        {
            _counts[(labels[i] * k) + MulticlassMetricEstimates.PredictedClass(probabilities, k, i)]++;
        }

        Ensure(n * k);
        var per = d[MulticlassMetricEstimates.Names.Count..];
        var slots = MulticlassMetricEstimates.ClassNames.Count;
        double trace = 0, sumPredTrue = 0, sumPred2 = 0, sumTrue2 = 0, weightedF1 = 0;
        for (var c = 0; c < k; c++)
        {
            for (var j = 0; j < n; j++)
            {
                _binary[j] = labels[cases[j]] == c ? 1 : 0;
                _column[j] = probabilities[(cases[j] * k) + c];
            }

            double truth = 0, predicted = 0;
            for (var o = 0; o < k; o++)
            {
                truth += _counts[(c * k) + o];
                predicted += _counts[(o * k) + c];
            }

            double tp = _counts[(c * k) + c], fn = truth - tp, fp = predicted - tp, tn = n - tp - fn - fp;
            var slot = per.Slice(c * slots, slots);
            slot[0] = RocCurve.MannWhitney(_binary.AsSpan(0, n), _column.AsSpan(0, n), (_keys, _items));
            slot[1] = Ratio(tp, tp + fp);
            slot[2] = Ratio(tp, tp + fn);
            slot[3] = Ratio(tn, tn + fp);
            slot[4] = Ratio(2 * tp, (2 * tp) + fp + fn);
            trace += tp;
            sumPredTrue += predicted * truth;
            sumPred2 += predicted * predicted;
            sumTrue2 += truth * truth;
            weightedF1 += truth > 0 ? truth * slot[4] : 0;
        }

        // Micro average: the label-binarized N·K problem, as roc_auc_score(label_binarize(y), p, average='micro').
        for (var j = 0; j < n; j++)
        {
            for (var c = 0; c < k; c++)
            {
                _binary[(j * k) + c] = labels[cases[j]] == c ? 1 : 0;
                _column[(j * k) + c] = probabilities[(cases[j] * k) + c];
            }
        }

        d[0] = Macro(per, 0);
        d[1] = RocCurve.MannWhitney(_binary.AsSpan(0, n * k), _column.AsSpan(0, n * k), (_keys, _items));
        d[2] = Ratio(trace, n);
        d[3] = Macro(per, 2);
        d[4] = Macro(per, 2);
        d[5] = Macro(per, 3);
        d[6] = Macro(per, 1);
        d[7] = Macro(per, 4);
        d[8] = Ratio(weightedF1, n);
        double s = n;
        // sklearn matthews_corrcoef: (c·s − Σ p_k t_k) / √((s² − Σ p_k²)(s² − Σ t_k²)).
        d[9] = Ratio((trace * s) - sumPredTrue, Math.Sqrt(((s * s) - sumPred2) * ((s * s) - sumTrue2)));
        // Cohen's kappa: (p_o − p_e) / (1 − p_e), p_e = Σ p_k t_k / s².
        var expected = n == 0 ? double.NaN : sumPredTrue / (s * s);
        d[10] = Ratio(Ratio(trace, n) - expected, 1 - expected);
    }

    /// <summary>Mean of slot <paramref name="metric"/> over the classes; NaN when it is undefined for any class.</summary>
    private double Macro(ReadOnlySpan<double> per, int metric)
    {
        var slots = MulticlassMetricEstimates.ClassNames.Count;
        var sum = 0.0;
        for (var c = 0; c < classes; c++)
        {
            sum += per[(c * slots) + metric];
        }

        return sum / classes;
    }

    private static double Ratio(double numerator, double denominator) => denominator == 0 ? double.NaN : numerator / denominator;

    private void Ensure(int size)
    {
        if (_binary.Length < size)
        {
            _binary = new int[size];
            _column = new double[size];
            _keys = new double[size];
            _items = new int[size];
        }
    }
}
