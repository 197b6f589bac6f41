namespace MedVision.Evaluation;

/// <summary>
/// Isotonic calibration as scikit-learn 1.2's <c>IsotonicRegression(increasing=True, out_of_bounds='clip')</c>:
/// cases sorted by score, equal scores merged into their mean label, the pool-adjacent-violators algorithm
/// gives the non-decreasing least-squares fit, and prediction interpolates linearly between the fitted
/// points, clipping outside the fitted score range.
/// </summary>
public sealed class IsotonicCalibrator : ICalibrator
{
    /// <inheritdoc />
    public IFittedCalibrator Fit(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores) => FitIsotonic(labels, scores);

    /// <summary>Fits and returns the typed model with its breakpoints.</summary>
    public static FittedIsotonic FitIsotonic(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores)
    {
        Check.Binary(labels, scores);
        if (labels.Length == 0)
        {
            throw new ArgumentException("isotonic calibration needs at least one case, got none", nameof(labels));
        }

        var y = new double[labels.Length];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = labels[i];
        }

        return Fit(scores, y);
    }

    /// <summary>Isotonic regression of real targets <paramref name="y"/> on <paramref name="x"/> (unit weights).</summary>
    internal static FittedIsotonic Fit(ReadOnlySpan<double> x, double[] y)
    {
        var n = x.Length;
        var order = new int[n];
        var keys = x.ToArray();
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);

        // Merge ties (scikit-learn's _make_unique: values closer than float64 resolution 1e-15 are one).
        var ux = new List<double>();
        var uy = new List<double>();
        var uw = new List<double>();
        for (var k = 0; k < n;)
        {
            var current = keys[k];
            double sum = 0, weight = 0;
            while (k < n && keys[k] - current < 1e-15)
            {
                sum += y[order[k]];
                weight += 1;
                k++;
            }

            ux.Add(current);
            uy.Add(sum / weight);
            uw.Add(weight);
        }

        var fitted = Pava([.. uy], [.. uw]);
        return new FittedIsotonic([.. ux], fitted);
    }

    /// <summary>Pool adjacent violators: the non-decreasing weighted least-squares fit of <paramref name="y"/>.</summary>
    internal static double[] Pava(double[] y, double[] w)
    {
        var m = y.Length;
        var value = new double[m];
        var weight = new double[m];
        var end = new int[m];
        var blocks = 0;
        for (var i = 0; i < m; i++)
        {
            value[blocks] = y[i];
            weight[blocks] = w[i];
            end[blocks] = i;
            blocks++;
            while (blocks > 1 && value[blocks - 2] > value[blocks - 1])
            {
                var total = weight[blocks - 2] + weight[blocks - 1];
                value[blocks - 2] = (weight[blocks - 2] * value[blocks - 2] + weight[blocks - 1] * value[blocks - 1]) / total;
                weight[blocks - 2] = total;
                end[blocks - 2] = end[blocks - 1];
                blocks--;
            }
        }

        var result = new double[m];
        var start = 0;
        for (var b = 0; b < blocks; b++)
        {
            for (var i = start; i <= end[b]; i++)
            {
                result[i] = value[b];
            }

            start = end[b] + 1;
        }

        return result;
    }
}

/// <summary>A fitted isotonic map: breakpoints <see cref="X"/> (increasing) with values <see cref="Y"/> (non-decreasing).</summary>
public sealed record FittedIsotonic(double[] X, double[] Y) : IFittedCalibrator
{
    /// <inheritdoc />
    public double Predict(double score)
    {
        if (double.IsNaN(score))
        {
            return double.NaN;
        }

        if (score <= X[0])
        {
            return Y[0];
        }

        if (score >= X[^1])
        {
            return Y[^1];
        }

        var hi = Array.BinarySearch(X, score);
        if (hi >= 0)
        {
            return Y[hi];
        }

        hi = ~hi;
        var lo = hi - 1;
        var t = (score - X[lo]) / (X[hi] - X[lo]);
        return Y[lo] + t * (Y[hi] - Y[lo]);
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> scores, Span<double> destination)
    {
        if (destination.Length != scores.Length)
        {
            throw new ArgumentException($"destination must have {scores.Length} elements, got {destination.Length}", nameof(destination));
        }

        for (var i = 0; i < scores.Length; i++)
        {
            destination[i] = Predict(scores[i]);
        }
    }
}
