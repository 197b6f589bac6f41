namespace MedVision.Evaluation;

/// <summary>
/// Platt scaling (Platt 1999) as scikit-learn's <c>CalibratedClassifierCV(method='sigmoid')</c>:
/// P(y = 1 | f) = 1 / (1 + exp(A·f + B)), fitted by minimising the cross-entropy against Platt's smoothed
/// targets t₊ = (N₊ + 1)/(N₊ + 2), t₋ = 1/(N₋ + 2), from A = 0, B = log((N₋ + 1)/(N₊ + 1)).
/// Solved by Newton's method with backtracking (Lin, Lin &amp; Weng 2007) to a gradient below 1e-12, so it
/// reaches the optimum that scikit-learn's BFGS (gradient tolerance 1e-5) approaches.
/// </summary>
public sealed class PlattCalibrator : ICalibrator
{
    /// <inheritdoc />
    public IFittedCalibrator Fit(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores) => FitPlatt(labels, scores);

    /// <summary>Fits and returns the typed model with its coefficients.</summary>
    public static FittedPlatt FitPlatt(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores)
    {
        Check.Binary(labels, scores);
        var (positives, negatives) = Check.Count(labels);
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException($"Platt scaling needs both classes, got {positives} positive and {negatives} negative cases", nameof(labels));
        }

        var hi = (positives + 1.0) / (positives + 2.0);
        var lo = 1.0 / (negatives + 2.0);
        var t = new double[labels.Length];
        for (var i = 0; i < t.Length; i++)
        {
            t[i] = labels[i] == 1 ? hi : lo;
        }

        var f = scores;
        double a = 0, b = Math.Log((negatives + 1.0) / (positives + 1.0));
        var value = Objective(f, t, a, b);
        for (var iteration = 0; iteration < 200; iteration++)
        {
            // Gradient and Hessian of the cross-entropy in (A, B); p = 1/(1 + exp(A f + B)).
            double g1 = 0, g2 = 0, h11 = 1e-12, h22 = 1e-12, h21 = 0;
            for (var i = 0; i < t.Length; i++)
            {
                var p = Sigmoid(-(a * f[i] + b));
                var d1 = t[i] - p;
                var d2 = p * (1 - p);
                g1 += f[i] * d1;
                g2 += d1;
                h11 += f[i] * f[i] * d2;
                h22 += d2;
                h21 += f[i] * d2;
            }

            if (Math.Abs(g1) < 1e-12 && Math.Abs(g2) < 1e-12)
            {
                break;
            }

            var det = h11 * h22 - h21 * h21;
            var dA = -(h22 * g1 - h21 * g2) / det;
            var dB = -(-h21 * g1 + h11 * g2) / det;
            var gd = g1 * dA + g2 * dB;
            var step = 1.0;
            var improved = false;
            while (step >= 1e-10)
            {
                var na = a + step * dA;
                var nb = b + step * dB;
                var nv = Objective(f, t, na, nb);
                if (nv <= value + 1e-4 * step * gd)
                {
                    (a, b, value, improved) = (na, nb, nv, true);
                    break;
                }

                step /= 2;
            }

            if (!improved)
            {
                break;
            }
        }

        return new FittedPlatt(a, b);
    }

    private static double Objective(ReadOnlySpan<double> f, double[] t, double a, double b)
    {
        // Cross-entropy written stably: −t·log p − (1 − t)·log(1 − p) with z = A f + B, p = σ(−z).
        var sum = 0.0;
        for (var i = 0; i < t.Length; i++)
        {
            var z = a * f[i] + b;
            sum += z >= 0 ? t[i] * z + Math.Log(1 + Math.Exp(-z)) : (t[i] - 1) * z + Math.Log(1 + Math.Exp(z));
        }

        return sum;
    }

    internal static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));
}

/// <summary>A fitted Platt map, P = 1 / (1 + exp(<see cref="A"/>·f + <see cref="B"/>)).</summary>
public sealed record FittedPlatt(double A, double B) : IFittedCalibrator
{
    /// <inheritdoc />
    public double Predict(double score) => PlattCalibrator.Sigmoid(-(A * score + B));

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
