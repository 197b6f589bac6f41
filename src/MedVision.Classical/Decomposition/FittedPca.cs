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
}
