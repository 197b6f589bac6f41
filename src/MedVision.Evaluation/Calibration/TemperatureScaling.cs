namespace MedVision.Evaluation;

/// <summary>
/// Temperature scaling (Guo et al. 2017, "On calibration of modern neural networks"): one temperature T &gt; 0 for
/// all classes, p = softmax(z / T), fitted by minimising the mean cross-entropy of held-out cases. It changes how
/// confident a K-class model is, never which class it picks. The loss is convex in β = 1/T, so Newton's method on β
/// (gradient mean(E_p[z] − z_y), Hessian mean(Var_p[z])) with backtracking finds its minimum to a gradient below 1e-12;
/// T is kept within [<see cref="MinTemperature"/>, <see cref="MaxTemperature"/>].
/// </summary>
public static class TemperatureScaling
{
    /// <summary>Smallest temperature fitted (a model right on every case with a margin would drive T to 0).</summary>
    public const double MinTemperature = 0.01;

    /// <summary>Largest temperature fitted.</summary>
    public const double MaxTemperature = 100;

    /// <summary>Probabilities are floored here before their logarithm is taken as logits.</summary>
    public const double ProbabilityFloor = 1e-12;

    /// <summary>Fits T on <paramref name="logits"/> (row-major cases × <paramref name="classes"/>) with class-index <paramref name="labels"/>.</summary>
    public static FittedTemperature Fit(ReadOnlySpan<int> labels, ReadOnlySpan<double> logits, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if (logits.Length != labels.Length * classes)
        {
            throw new ArgumentException($"expected {labels.Length} × {classes} logits, got {logits.Length}", nameof(logits));
        }

        if (labels.Length == 0)
        {
            throw new ArgumentException("temperature scaling needs at least one case", nameof(labels));
        }

        foreach (var label in labels)
        {
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentException($"labels must be class indices in [0, {classes}), got {label}", nameof(labels));
            }
        }

        foreach (var z in logits)
        {
            if (!double.IsFinite(z))
            {
                throw new ArgumentException($"logits must be finite, got {z}", nameof(logits));
            }
        }

        double lo = 1 / MaxTemperature, hi = 1 / MinTemperature;
        var beta = 1.0;
        var (loss, gradient, hessian) = Evaluate(labels, logits, classes, beta);
        var warnings = new List<string>();
        for (var iteration = 0; iteration < 100 && Math.Abs(gradient) > 1e-12; iteration++)
        {
            var step = hessian > 1e-300 ? -gradient / hessian : -Math.Sign(gradient) * beta;
            var next = Math.Clamp(beta + step, lo, hi);
            var (nextLoss, nextGradient, nextHessian) = Evaluate(labels, logits, classes, next);
            for (var halvings = 0; halvings < 60 && nextLoss > loss + 1e-15; halvings++)
            {
                next = beta + ((next - beta) / 2);
                (nextLoss, nextGradient, nextHessian) = Evaluate(labels, logits, classes, next);
            }

            if (next == beta)
            {
                break;
            }

            (beta, loss, gradient, hessian) = (next, nextLoss, nextGradient, nextHessian);
            if ((beta == lo && gradient > 0) || (beta == hi && gradient < 0))
            {
                warnings.Add($"the cross-entropy keeps falling towards T = {1 / beta:0.###}; the temperature stops at that bound");
                break;
            }
        }

        return new FittedTemperature(1 / beta, loss, labels.Length, classes) { Warnings = warnings };
    }

    /// <summary>Fits T on class <paramref name="probabilities"/> (their logarithms, floored at <see cref="ProbabilityFloor"/>, as logits).</summary>
    public static FittedTemperature FitProbabilities(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, int classes) =>
        Fit(labels, Logits(probabilities), classes);

    /// <summary>Class <paramref name="probabilities"/> (rows of <paramref name="classes"/>) rescaled by <paramref name="temperature"/>: softmax(log p / T).</summary>
    public static double[] Scale(ReadOnlySpan<double> probabilities, double temperature, int classes)
    {
        var result = new double[probabilities.Length];
        Apply(Logits(probabilities), result, temperature, classes);
        return result;
    }

    /// <summary>softmax(z / <paramref name="temperature"/>) of each row of <paramref name="logits"/> (cases × <paramref name="classes"/>) into <paramref name="destination"/>.</summary>
    public static void Apply(ReadOnlySpan<double> logits, Span<double> destination, double temperature, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (logits.Length % classes != 0 || destination.Length != logits.Length)
        {
            throw new ArgumentException($"expected rows of {classes} logits and a destination as long, got {logits.Length} and {destination.Length}", nameof(logits));
        }

        for (var start = 0; start < logits.Length; start += classes)
        {
            var row = logits.Slice(start, classes);
            var output = destination.Slice(start, classes);
            var max = double.NegativeInfinity;
            foreach (var z in row)
            {
                max = Math.Max(max, z / temperature);
            }

            var sum = 0.0;
            for (var c = 0; c < classes; c++)
            {
                output[c] = Math.Exp((row[c] / temperature) - max);
                sum += output[c];
            }

            for (var c = 0; c < classes; c++)
            {
                output[c] /= sum;
            }
        }
    }

    /// <summary>log(max(p, <see cref="ProbabilityFloor"/>)) of each probability: logits up to a per-row constant, which softmax ignores.</summary>
    public static double[] Logits(ReadOnlySpan<double> probabilities)
    {
        var logits = new double[probabilities.Length];
        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] = Math.Log(Math.Max(probabilities[i], ProbabilityFloor));
        }

        return logits;
    }

    /// <summary>Mean cross-entropy of softmax(β z) and its first two derivatives in β.</summary>
    private static (double Loss, double Gradient, double Hessian) Evaluate(ReadOnlySpan<int> labels, ReadOnlySpan<double> logits, int classes, double beta)
    {
        double loss = 0, gradient = 0, hessian = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var row = logits.Slice(i * classes, classes);
            var max = double.NegativeInfinity;
            foreach (var z in row)
            {
                max = Math.Max(max, beta * z);
            }

            double sum = 0, mean = 0, square = 0;
            foreach (var z in row)
            {
                var e = Math.Exp((beta * z) - max);
                sum += e;
                mean += e * z;
                square += e * z * z;
            }

            mean /= sum;
            var zy = row[labels[i]];
            loss += max + Math.Log(sum) - (beta * zy);
            gradient += mean - zy;
            hessian += Math.Max(0, (square / sum) - (mean * mean));
        }

        return (loss / labels.Length, gradient / labels.Length, hessian / labels.Length);
    }
}
