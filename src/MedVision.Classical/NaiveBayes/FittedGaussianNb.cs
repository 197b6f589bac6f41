using System.Text.Json.Nodes;
using MedVision.Classical.Persistence;
namespace MedVision.Classical.NaiveBayes;

/// <summary>
/// A fitted <see cref="GaussianNb"/>: joint log-likelihood <c>log prior − ½Σ log(2π σ²) − ½Σ (x − θ)²/σ²</c>,
/// normalised by log-sum-exp.
/// </summary>
public sealed class FittedGaussianNb : FittedClassifier
{
    internal FittedGaussianNb(int[] classes, FeatureMatrix theta, FeatureMatrix variance, double[] prior)
        : base(classes, theta.Cols)
    {
        Theta = theta;
        Variance = variance;
        Prior = prior;
    }

    /// <summary>Per-class feature means, (K, p) (scikit-learn <c>theta_</c>).</summary>
    public FeatureMatrix Theta { get; }

    /// <summary>Per-class smoothed variances, (K, p) (scikit-learn <c>var_</c>).</summary>
    public FeatureMatrix Variance { get; }

    /// <summary>Class priors (scikit-learn <c>class_prior_</c>).</summary>
    public IReadOnlyList<double> Prior { get; }

    /// <inheritdoc/>
    protected override FeatureMatrix PredictProbaCore(FeatureMatrix x)
    {
        int k = Theta.Rows, p = Theta.Cols;
        var logNorm = new double[k];
        for (var c = 0; c < k; c++)
        {
            var sum = 0.0;
            for (var j = 0; j < p; j++)
            {
                sum += Math.Log(2 * Math.PI * Variance[c, j]);
            }

            logNorm[c] = Math.Log(Prior[c]) - (0.5 * sum);
        }

        var result = new FeatureMatrix(x.Rows, k);
        for (var i = 0; i < x.Rows; i++)
        {
            var row = x.Row(i);
            var jll = result.Row(i);
            for (var c = 0; c < k; c++)
            {
                var sum = 0.0;
                for (var j = 0; j < p; j++)
                {
                    var d = row[j] - Theta[c, j];
                    sum += d * d / Variance[c, j];
                }

                jll[c] = logNorm[c] - (0.5 * sum);
            }

            var max = System.Numerics.Tensors.TensorPrimitives.Max<double>(jll);
            var total = 0.0;
            for (var c = 0; c < k; c++)
            {
                total += Math.Exp(jll[c] - max);
            }

            var logTotal = max + Math.Log(total);
            for (var c = 0; c < k; c++)
            {
                jll[c] = Math.Exp(jll[c] - logTotal);
            }
        }

        return result;
    }

    internal JsonObject WriteState()
    {
        var state = EstimatorState.ClassifierState(this);
        state["theta"] = StateWriter.Matrix(Theta);
        state["variance"] = StateWriter.Matrix(Variance);
        state["prior"] = StateWriter.Numbers(Prior);
        return state;
    }

    internal static FittedGaussianNb ReadState(StateReader r)
    {
        var classes = EstimatorState.ReadClasses(r);
        var p = EstimatorState.ReadFeatureCount(r);
        var variance = r.Matrix("variance", classes.Length, p);
        if (variance.Values.Any(v => !(v > 0)))
        {
            throw r.Error("variance", "every variance must be > 0");
        }

        var prior = r.Doubles("prior", classes.Length);
        if (prior.Any(v => !(v > 0)))
        {
            throw r.Error("prior", "every prior must be > 0");
        }

        return new FittedGaussianNb(classes, r.Matrix("theta", classes.Length, p), variance, prior);
    }
}
