namespace MedVision.Evaluation;

/// <summary>
/// Logistic recalibration of predicted probabilities on outcomes (Cox 1958; Van Calster et al. 2016, "A calibration
/// hierarchy for risk models"): the <see cref="Slope"/> b of the maximum-likelihood fit logit P(y = 1) = a + b·logit(p)
/// (1 is ideal; below 1 the predictions are too extreme), and the calibration-in-the-large <see cref="Intercept"/> a of
/// logit P(y = 1) = a + logit(p) with the slope fixed at 1 (0 is ideal; below 0 the predictions are too high).
/// Probabilities are clipped to [1e-12, 1 − 1e-12] before the logit. One class only or constant predictions: NaN and a warning.
/// </summary>
public sealed record LogisticCalibration(double Slope, double Intercept, IReadOnlyList<string> Warnings)
{
    private const int MaxIterations = 100;

    /// <summary>Fits both models by Newton's method (scikit-learn <c>LogisticRegression(penalty=None)</c> on logit(p) for the slope).</summary>
    public static LogisticCalibration Fit(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities)
    {
        Check.Binary(labels, probabilities, "labels", nameof(probabilities));
        var (positives, negatives) = Check.Count(labels);
        var x = new double[labels.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], 1e-12, 1 - 1e-12);
            x[i] = Math.Log(p / (1 - p));
        }

        if (positives == 0 || negatives == 0)
        {
            return new LogisticCalibration(double.NaN, double.NaN, ["calibration slope and intercept: one class only"]);
        }

        var y = labels.ToArray();
        var intercept = FitOffset(y, x);
        if (x.Max() - x.Min() < 1e-12)
        {
            return new LogisticCalibration(double.NaN, intercept, ["calibration slope: the predictions are constant"]);
        }

        // In one dimension the maximum-likelihood slope is finite unless a threshold on x separates the classes.
        double maxNegative = double.NegativeInfinity, minPositive = double.PositiveInfinity, maxPositive = double.NegativeInfinity, minNegative = double.PositiveInfinity;
        for (var i = 0; i < y.Length; i++)
        {
            (maxNegative, minNegative, maxPositive, minPositive) = y[i] == 1
                ? (maxNegative, minNegative, Math.Max(maxPositive, x[i]), Math.Min(minPositive, x[i]))
                : (Math.Max(maxNegative, x[i]), Math.Min(minNegative, x[i]), maxPositive, minPositive);
        }

        if (maxNegative <= minPositive || maxPositive <= minNegative)
        {
            return new LogisticCalibration(double.NaN, intercept, ["calibration slope: the predictions separate the outcomes (no finite fit)"]);
        }

        var (_, slope) = FitJoint(y, x);
        return new LogisticCalibration(slope, intercept, double.IsNaN(slope) ? ["calibration slope: the fit did not converge"] : []);
    }

    /// <summary>a of logit P = a + x (x as offset): Newton on the one-parameter log-likelihood.</summary>
    private static double FitOffset(int[] y, double[] x)
    {
        var a = 0.0;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            double gradient = 0, hessian = 0;
            for (var i = 0; i < y.Length; i++)
            {
                var p = Sigmoid(a + x[i]);
                gradient += y[i] - p;
                hessian += p * (1 - p);
            }

            var step = gradient / hessian;
            a += step;
            if (Math.Abs(step) < 1e-12)
            {
                break;
            }
        }

        return a;
    }

    /// <summary>(a, b) of logit P = a + b·x by Newton–Raphson (IRLS); NaN when the fit diverges (separable data).</summary>
    private static (double A, double B) FitJoint(int[] y, double[] x)
    {
        double a = 0, b = 1;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (var i = 0; i < y.Length; i++)
            {
                var p = Sigmoid(a + (b * x[i]));
                var w = p * (1 - p);
                ga += y[i] - p;
                gb += (y[i] - p) * x[i];
                haa += w;
                hab += w * x[i];
                hbb += w * x[i] * x[i];
            }

            var det = (haa * hbb) - (hab * hab);
            if (!(Math.Abs(det) > 1e-300))
            {
                return (double.NaN, double.NaN);
            }

            var da = ((hbb * ga) - (hab * gb)) / det;
            var db = ((haa * gb) - (hab * ga)) / det;
            a += da;
            b += db;
            if (!double.IsFinite(a) || !double.IsFinite(b) || Math.Abs(b) > 1e6)
            {
                return (double.NaN, double.NaN);
            }

            if (Math.Abs(da) < 1e-12 && Math.Abs(db) < 1e-12)
            {
                return (a, b);
            }
        }

        return (double.NaN, double.NaN);
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
