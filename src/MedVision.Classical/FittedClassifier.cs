namespace MedVision.Classical;

/// <summary>
/// Base of the fitted models: input checks at the public edge and <see cref="Predict"/> as the most probable class
/// (lowest class on ties, as numpy's argmax).
/// </summary>
public abstract class FittedClassifier : IFittedClassifier
{
    /// <summary>Records the classes (ascending) and the feature count.</summary>
    protected FittedClassifier(int[] classes, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ClassLabels = classes;
        FeatureCount = featureCount;
    }

    /// <inheritdoc/>
    public IReadOnlyList<int> Classes => ClassLabels;

    /// <inheritdoc/>
    public int FeatureCount { get; }

    /// <summary>The classes as an array, for derived types.</summary>
    protected int[] ClassLabels { get; }

    /// <inheritdoc/>
    public FeatureMatrix PredictProba(FeatureMatrix x)
    {
        Check.Features(x, FeatureCount);
        return PredictProbaCore(x);
    }

    /// <inheritdoc/>
    public virtual int[] Predict(FeatureMatrix x)
    {
        var p = PredictProba(x);
        var labels = new int[p.Rows];
        for (var i = 0; i < p.Rows; i++)
        {
            labels[i] = ClassLabels[ArgMax(p.Row(i))];
        }

        return labels;
    }

    /// <summary>Probabilities for validated input.</summary>
    protected abstract FeatureMatrix PredictProbaCore(FeatureMatrix x);

    /// <summary>Index of the first maximum.</summary>
    protected static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var k = 1; k < values.Length; k++)
        {
            if (values[k] > values[best])
            {
                best = k;
            }
        }

        return best;
    }
}
