using System.Text.Json.Nodes;
using MedVision.Classical.Persistence;
namespace MedVision.Classical.Decomposition;

/// <summary>
/// A fitted <see cref="Pca"/>: <c>(x − Mean)·Componentsᵀ</c>, divided by <c>√ExplainedVariance</c> when whitening.
/// </summary>
public sealed class FittedPca : IFittedTransformer
{
    private readonly bool _whiten;

    internal FittedPca(double[] mean, FeatureMatrix components, double[] explainedVariance, double[] ratio, double[] singularValues, bool whiten)
    {
        Mean = mean;
        Components = components;
        ExplainedVariance = explainedVariance;
        ExplainedVarianceRatio = ratio;
        SingularValues = singularValues;
        _whiten = whiten;
    }

    /// <summary>Per-feature training mean (scikit-learn <c>mean_</c>).</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Principal axes, (k, p), one per row (scikit-learn <c>components_</c>).</summary>
    public FeatureMatrix Components { get; }

    /// <summary>Variance along each axis, <c>S²/(n − 1)</c> (scikit-learn <c>explained_variance_</c>).</summary>
    public IReadOnlyList<double> ExplainedVariance { get; }

    /// <summary>Fraction of the total variance along each axis.</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio { get; }

    /// <summary>Singular values of the centred training data.</summary>
    public IReadOnlyList<double> SingularValues { get; }

    /// <inheritdoc/>
    public int FeatureCount => Components.Cols;

    /// <inheritdoc/>
    public int OutputCount => Components.Rows;

    /// <inheritdoc/>
    public FeatureMatrix Transform(FeatureMatrix x)
    {
        Check.Features(x, FeatureCount);
        int p = FeatureCount, k = OutputCount;
        var result = new FeatureMatrix(x.Rows, k);
        var centred = new double[p];
        for (var i = 0; i < x.Rows; i++)
        {
            var row = x.Row(i);
            for (var j = 0; j < p; j++)
            {
                centred[j] = row[j] - Mean[j];
            }

            var outRow = result.Row(i);
            for (var c = 0; c < k; c++)
            {
                var dot = System.Numerics.Tensors.TensorPrimitives.Dot<double>(centred, Components.Row(c));
                outRow[c] = _whiten ? dot / Math.Sqrt(ExplainedVariance[c]) : dot;
            }
        }

        return result;
    }

    internal JsonObject WriteState() => new()
    {
        ["mean"] = StateWriter.Numbers(Mean),
        ["components"] = StateWriter.Matrix(Components),
        ["explained_variance"] = StateWriter.Numbers(ExplainedVariance),
        ["explained_variance_ratio"] = StateWriter.Numbers(ExplainedVarianceRatio),
        ["singular_values"] = StateWriter.Numbers(SingularValues),
        ["whiten"] = _whiten,
    };

    internal static FittedPca ReadState(StateReader r)
    {
        var mean = r.Doubles("mean");
        var components = r.Matrix("components", cols: mean.Length);
        if (mean.Length == 0 || components.Rows == 0)
        {
            throw r.Error("components", $"expected at least one component over at least one feature, got ({components.Rows}, {mean.Length})");
        }

        var k = components.Rows;
        return new FittedPca(mean, components, r.Doubles("explained_variance", k), r.Doubles("explained_variance_ratio", k), r.Doubles("singular_values", k), r.Bool("whiten"));
    }
}
