using System.Numerics.Tensors;

namespace MedVision.Classical.Linear;

/// <summary>
/// L2-regularised logistic regression as scikit-learn's <c>LogisticRegression(solver="lbfgs")</c>: minimises
/// <c>Σ_i log-loss_i + ‖W‖²/(2C)</c> (intercept unpenalised) by L-BFGS from zero; binary problems use one weight
/// vector for <c>Classes[1]</c>, more classes the multinomial (softmax) loss with one row per class.
/// </summary>
public sealed class LogisticRegression : IClassifier
{
    /// <summary>scikit-learn defaults: C = 1, intercept, 100 iterations, tolerance 1e-4.</summary>
    public LogisticRegression()
        : this(new LogisticRegressionOptions())
    {
    }

    /// <summary>Logistic regression with explicit options.</summary>
    public LogisticRegression(LogisticRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check.Positive(options.C, "options.C");
        Check.Positive(options.Tolerance, "options.Tolerance");
        Check.AtLeast(options.MaxIterations, 1, "options.MaxIterations");
        Options = options;
    }

    /// <summary>The configuration.</summary>
    public LogisticRegressionOptions Options { get; }

    /// <inheritdoc/>
    public IFittedClassifier Fit(FeatureMatrix x, int[] y) => FitLogistic(x, y);

    /// <summary>Fits and returns the typed model (coefficients, intercepts).</summary>
    public FittedLogisticRegression FitLogistic(FeatureMatrix x, int[] y)
    {
        var (classes, encoded) = Check.TrainingSet(x, y);
        int n = x.Rows, p = x.Cols;
        var rows = classes.Length == 2 ? 1 : classes.Length;
        var stride = p + 1;

        // Objective divided by n (the optimum is unchanged; gradients are O(1) so the tolerance is scale-free).
        var penalty = 1.0 / (Options.C * n);
        var z = new double[n * rows];
        double Objective(double[] w, double[] grad)
        {
            Array.Clear(grad);
            var loss = 0.0;
            for (var i = 0; i < n; i++)
            {
                var xi = x.Row(i);
                var zi = z.AsSpan(i * rows, rows);
                for (var k = 0; k < rows; k++)
                {
                    zi[k] = TensorPrimitives.Dot<double>(xi, w.AsSpan(k * stride, p)) + (Options.FitIntercept ? w[(k * stride) + p] : 0);
                }

                if (rows == 1)
                {
                    var sign = encoded[i] == 1 ? 1.0 : -1.0;
                    var m = sign * zi[0];
                    loss += m > 0 ? double.LogP1(Math.Exp(-m)) : -m + double.LogP1(Math.Exp(m));
                    var dz = -sign / (1 + Math.Exp(m));
                    zi[0] = dz;
                }
                else
                {
                    var max = TensorPrimitives.Max<double>(zi);
                    var sum = 0.0;
                    for (var k = 0; k < rows; k++)
                    {
                        sum += Math.Exp(zi[k] - max);
                    }

                    var logSum = max + Math.Log(sum);
                    loss += logSum - zi[encoded[i]];
                    for (var k = 0; k < rows; k++)
                    {
                        zi[k] = Math.Exp(zi[k] - logSum) - (k == encoded[i] ? 1 : 0);
                    }
                }

                for (var k = 0; k < rows; k++)
                {
                    var dz = zi[k] / n;
                    TensorPrimitives.MultiplyAdd(xi, dz, grad.AsSpan(k * stride, p), grad.AsSpan(k * stride, p));
                    if (Options.FitIntercept)
                    {
                        grad[(k * stride) + p] += dz;
                    }
                }
            }

            loss /= n;
            for (var k = 0; k < rows; k++)
            {
                var wk = w.AsSpan(k * stride, p);
                loss += 0.5 * penalty * TensorPrimitives.Dot<double>(wk, wk);
                TensorPrimitives.MultiplyAdd(wk, penalty, grad.AsSpan(k * stride, p), grad.AsSpan(k * stride, p));
            }

            return loss;
        }

        var weights = new double[rows * stride];
        var iterations = Lbfgs.Minimize(Objective, weights, Options.MaxIterations, Options.Tolerance);
        var coef = new FeatureMatrix(rows, p);
        var intercept = new double[rows];
        for (var k = 0; k < rows; k++)
        {
            weights.AsSpan(k * stride, p).CopyTo(coef.Row(k));
            intercept[k] = weights[(k * stride) + p];
        }

        return new FittedLogisticRegression(classes, coef, intercept, iterations);
    }
}
