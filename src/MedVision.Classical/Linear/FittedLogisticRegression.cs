using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using MedVision.Classical.Persistence;

namespace MedVision.Classical.Linear;

/// <summary>A fitted <see cref="LogisticRegression"/>: sigmoid (binary) or softmax of <c>x·Coefficientsᵀ + Intercept</c>.</summary>
public sealed class FittedLogisticRegression : FittedClassifier
{
    internal FittedLogisticRegression(int[] classes, FeatureMatrix coefficients, double[] intercept, int iterations)
        : base(classes, coefficients.Cols)
    {
        Coefficients = coefficients;
        Intercept = intercept;
        Iterations = iterations;
    }

    /// <summary>(1, p) for two classes (weights of <c>Classes[1]</c>), else (K, p) (scikit-learn <c>coef_</c>).</summary>
    public FeatureMatrix Coefficients { get; }

    /// <summary>Intercepts, one per row of <see cref="Coefficients"/> (scikit-learn <c>intercept_</c>).</summary>
    public IReadOnlyList<double> Intercept { get; }

    /// <summary>L-BFGS iterations used (scikit-learn <c>n_iter_</c>).</summary>
    public int Iterations { get; }

    /// <summary>Linear scores (n, rows of <see cref="Coefficients"/>); for two classes positive favours <c>Classes[1]</c>.</summary>
    public FeatureMatrix DecisionFunction(FeatureMatrix x)
    {
        Check.Features(x, FeatureCount);
        var rows = Coefficients.Rows;
        var result = new FeatureMatrix(x.Rows, rows);
        for (var i = 0; i < x.Rows; i++)
        {
            for (var k = 0; k < rows; k++)
            {
                result[i, k] = TensorPrimitives.Dot<double>(x.Row(i), Coefficients.Row(k)) + Intercept[k];
            }
        }

        return result;
    }

    /// <inheritdoc/>
    protected override FeatureMatrix PredictProbaCore(FeatureMatrix x)
    {
        var z = DecisionFunction(x);
        var k = ClassLabels.Length;
        var result = new FeatureMatrix(x.Rows, k);
        for (var i = 0; i < x.Rows; i++)
        {
            if (k == 2)
            {
                var p1 = 1 / (1 + Math.Exp(-z[i, 0]));
                result[i, 0] = 1 - p1;
                result[i, 1] = p1;
            }
            else
            {
                TensorPrimitives.SoftMax<double>(z.Row(i), result.Row(i));
            }
        }

        return result;
    }

    internal JsonObject WriteState()
    {
        var state = EstimatorState.ClassifierState(this);
        state["coefficients"] = StateWriter.Matrix(Coefficients);
        state["intercept"] = StateWriter.Numbers(Intercept);
        state["iterations"] = Iterations;
        return state;
    }

    internal static FittedLogisticRegression ReadState(StateReader r)
    {
        var classes = EstimatorState.ReadClasses(r);
        var rows = classes.Length == 2 ? 1 : classes.Length;
        var coefficients = r.Matrix("coefficients", rows, EstimatorState.ReadFeatureCount(r));
        return new FittedLogisticRegression(classes, coefficients, r.Doubles("intercept", rows), r.Int("iterations", min: 0));
    }
}
