using MedVision.Classical.Decomposition;

namespace MedVision.Classical.Manifold;

/// <summary>
/// t-distributed stochastic neighbour embedding (van der Maaten and Hinton, 2008) with scikit-learn 1.2's exact
/// method: squared Euclidean distances; per point a binary search on the Gaussian precision until the conditional
/// distribution's perplexity matches (100 steps, tolerance 1e-5 in entropy); joint P = (P + Pᵀ) / Σ, floored at
/// machine epsilon; Student-t (one degree of freedom) Q; gradient descent with momentum 0.5 and P × early
/// exaggeration for the exploration iterations, then momentum 0.8, per-coordinate gains (+0.2 / ×0.8, at least
/// 0.01), progress checked every 50 iterations. Initialised with PCA (exact SVD, scikit-learn's sign convention),
/// scaled so the first coordinate has standard deviation 1e-4, so the result is deterministic without a seed.
/// Memory and time are O(N²) per iteration: for the few hundred to few thousand points of a report.
/// </summary>
public sealed class Tsne
{
    private const int CheckEvery = 50;
    private const double MinGain = 0.01;
    private static readonly double MachineEpsilon = Math.Pow(2, -52);

    /// <summary>t-SNE with scikit-learn's defaults.</summary>
    public Tsne()
        : this(new TsneOptions())
    {
    }

    /// <summary>t-SNE with explicit options.</summary>
    public Tsne(TsneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check.AtLeast(options.Components, 1, "options.Components");
        Check.AtLeast(options.MaxIterations, 1, "options.MaxIterations");
        if (!(options.Perplexity > 0) || !(options.EarlyExaggeration > 0) || options.LearningRate is <= 0)
        {
            throw new ArgumentException($"options.Perplexity, EarlyExaggeration and LearningRate must be > 0, got {options.Perplexity}, {options.EarlyExaggeration}, {options.LearningRate}", nameof(options));
        }

        Options = options;
    }

    /// <summary>The configuration.</summary>
    public TsneOptions Options { get; }

    /// <summary>Embeds the rows of <paramref name="x"/> (N × D, N &gt; perplexity, D ≥ components).</summary>
    public TsneResult FitTransform(FeatureMatrix x)
    {
        Check.Features(x);
        var n = x.Rows;
        if (Options.Perplexity >= n)
        {
            throw new ArgumentException($"options.Perplexity must be less than the number of points {n}, got {Options.Perplexity}", nameof(x));
        }

        var p = JointProbabilities(x, Options.Perplexity).Values;
        var learningRate = Options.LearningRate ?? Math.Max(n / Options.EarlyExaggeration / 4, 50);
        var y = PcaInit(x, Options.Components);

        for (var i = 0; i < p.Length; i++)
        {
            p[i] *= Options.EarlyExaggeration;
        }

        var (error, it) = Descend(p, y, n, learningRate, 0, Options.ExplorationIterations, 0.5, Options.ExplorationIterations);
        for (var i = 0; i < p.Length; i++)
        {
            p[i] /= Options.EarlyExaggeration;
        }

        if (it < Options.ExplorationIterations || Options.MaxIterations > Options.ExplorationIterations)
        {
            (error, it) = Descend(p, y, n, learningRate, it + 1, Options.MaxIterations, 0.8, Options.IterationsWithoutProgress);
        }

        return new TsneResult(new FeatureMatrix(n, Options.Components, y), error, it, learningRate);
    }

    /// <summary>
    /// The joint probabilities P (N × N, symmetric, zero diagonal, summing to 1) of the rows of <paramref name="x"/>
    /// at <paramref name="perplexity"/> (scikit-learn <c>_joint_probabilities</c> on squared Euclidean distances,
    /// which it rounds to float32 before the search).
    /// </summary>
    public static FeatureMatrix JointProbabilities(FeatureMatrix x, double perplexity)
    {
        Check.Features(x);
        int n = x.Rows, d = x.Cols;
        var distances = new float[n * n];
        for (var i = 0; i < n; i++)
        {
            var a = x.Row(i);
            for (var j = i + 1; j < n; j++)
            {
                var b = x.Row(j);
                var s = 0.0;
                for (var k = 0; k < d; k++)
                {
                    var diff = a[k] - b[k];
                    s += diff * diff;
                }

                distances[(i * n) + j] = distances[(j * n) + i] = (float)s;
            }
        }

        var conditional = ConditionalProbabilities(distances, n, perplexity);
        var p = new double[n * n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                p[(i * n) + j] = conditional[(i * n) + j] + conditional[(j * n) + i];
                sum += p[(i * n) + j];
            }
        }

        sum = Math.Max(sum, MachineEpsilon);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                p[(i * n) + j] = i == j ? 0 : Math.Max(p[(i * n) + j] / sum, MachineEpsilon);
            }
        }

        return new FeatureMatrix(n, n, p);
    }

    // scikit-learn _utils._binary_search_perplexity: row i of P_{j|i}, the Gaussian precision β found by bisection.
    private static double[] ConditionalProbabilities(float[] distances, int n, double perplexity)
    {
        const int steps = 100;
        const double tolerance = 1e-5;
        var desiredEntropy = Math.Log(perplexity);
        var p = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            var row = p.AsSpan(i * n, n);
            var dist = distances.AsSpan(i * n, n);
            double betaMin = double.NegativeInfinity, betaMax = double.PositiveInfinity, beta = 1;
            for (var step = 0; step < steps; step++)
            {
                var sum = 0.0;
                for (var j = 0; j < n; j++)
                {
                    row[j] = j == i ? 0 : Math.Exp(-dist[j] * beta);
                    sum += row[j];
                }

                if (sum == 0)
                {
                    sum = 1e-8;
                }

                var weighted = 0.0;
                for (var j = 0; j < n; j++)
                {
                    row[j] /= sum;
                    weighted += dist[j] * row[j];
                }

                var entropyDiff = Math.Log(sum) + (beta * weighted) - desiredEntropy;
                if (Math.Abs(entropyDiff) <= tolerance)
                {
                    break;
                }

                if (entropyDiff > 0)
                {
                    betaMin = beta;
                    beta = double.IsPositiveInfinity(betaMax) ? beta * 2 : (beta + betaMax) / 2;
                }
                else
                {
                    betaMax = beta;
                    beta = double.IsNegativeInfinity(betaMin) ? beta / 2 : (beta + betaMin) / 2;
                }
            }
        }

        return p;
    }

    // scikit-learn 1.2 init="pca": PCA scores rounded to float32, divided by the std of the first column, × 1e-4.
    private static double[] PcaInit(FeatureMatrix x, int components)
    {
        if (components > Math.Min(x.Rows, x.Cols))
        {
            throw new ArgumentException($"options.Components must be ≤ min(points, features) = {Math.Min(x.Rows, x.Cols)} for the PCA initialisation, got {components}", nameof(components));
        }

        var scores = new Pca(components).FitPca(x).Transform(x).Values;
        var y = Array.ConvertAll(scores, v => (double)(float)v);
        var n = x.Rows;
        double mean = 0, variance = 0;
        for (var i = 0; i < n; i++)
        {
            mean += y[i * components];
        }

        mean /= n;
        for (var i = 0; i < n; i++)
        {
            variance += Math.Pow(y[i * components] - mean, 2);
        }

        var std = Math.Sqrt(variance / n);
        if (!(std > 0))
        {
            throw new ArgumentException("x has no variance along its first principal component (all points identical)", nameof(x));
        }

        for (var i = 0; i < y.Length; i++)
        {
            y[i] = y[i] / std * 1e-4;
        }

        return y;
    }

    // scikit-learn _gradient_descent: updates y in place from iteration `start` to `end` (exclusive); returns the last
    // error evaluated and the last iteration index.
    private (double Error, int Iteration) Descend(double[] p, double[] y, int n, double learningRate, int start, int end, double momentum, int withoutProgress)
    {
        var update = new double[y.Length];
        var gains = new double[y.Length];
        Array.Fill(gains, 1.0);
        var gradient = new double[y.Length];
        var q = new double[n * n];
        double error = double.MaxValue, bestError = double.MaxValue;
        int bestIteration = start, i = start;
        for (; i < end; i++)
        {
            var check = (i + 1) % CheckEvery == 0;
            error = KlGradient(p, y, n, q, gradient, check || i == end - 1);
            var norm = 0.0;
            for (var k = 0; k < y.Length; k++)
            {
                gains[k] = update[k] * gradient[k] < 0 ? gains[k] + 0.2 : Math.Max(gains[k] * 0.8, MinGain);
                gradient[k] *= gains[k];
                norm += gradient[k] * gradient[k];
                update[k] = (momentum * update[k]) - (learningRate * gradient[k]);
                y[k] += update[k];
            }

            if (check)
            {
                if (error < bestError)
                {
                    (bestError, bestIteration) = (error, i);
                }
                else if (i - bestIteration > withoutProgress)
                {
                    break;
                }

                if (Math.Sqrt(norm) <= Options.MinGradNorm)
                {
                    break;
                }
            }
        }

        return (error, Math.Min(i, end - 1));
    }

    // scikit-learn _kl_divergence (one degree of freedom): w_ij = 1 / (1 + |y_i − y_j|²), Q = w / Σw,
    // dC/dy_i = 4 Σ_j (P_ij − Q_ij) w_ij (y_i − y_j). Returns KL(P‖Q), or NaN when not asked for.
    private double KlGradient(double[] p, double[] y, int n, double[] w, double[] gradient, bool computeError)
    {
        var c = Options.Components;
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var d = 0.0;
                for (var k = 0; k < c; k++)
                {
                    var diff = y[(i * c) + k] - y[(j * c) + k];
                    d += diff * diff;
                }

                var value = 1 / (1 + d);
                w[(i * n) + j] = value;
                sum += 2 * value;
            }
        }

        var error = 0.0;
        Array.Clear(gradient);
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var wij = w[(i * n) + j];
                var qij = Math.Max(wij / sum, MachineEpsilon);
                var pij = p[(i * n) + j];
                if (computeError)
                {
                    error += 2 * pij * Math.Log(Math.Max(pij, MachineEpsilon) / qij);
                }

                var force = 4 * (pij - qij) * wij;
                for (var k = 0; k < c; k++)
                {
                    var diff = force * (y[(i * c) + k] - y[(j * c) + k]);
                    gradient[(i * c) + k] += diff;
                    gradient[(j * c) + k] -= diff;
                }
            }
        }

        return computeError ? error : double.NaN;
    }
}
