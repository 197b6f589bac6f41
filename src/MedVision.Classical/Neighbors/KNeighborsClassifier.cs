namespace MedVision.Classical.Neighbors;

/// <summary>
/// k-nearest-neighbour classification by brute force with Euclidean distance, as scikit-learn's
/// <c>KNeighborsClassifier(algorithm="brute")</c>: equal distances are ordered by training index; the probability of
/// a class is its share of the (weighted) votes, and ties between classes go to the lowest class.
/// </summary>
public sealed class KNeighborsClassifier : IClassifier
{
    /// <summary>k = 5, uniform weights.</summary>
    public KNeighborsClassifier()
        : this(new KNeighborsOptions())
    {
    }

    /// <summary>kNN with explicit options.</summary>
    public KNeighborsClassifier(KNeighborsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check.AtLeast(options.Neighbors, 1, "options.Neighbors");
        Options = options;
    }

    /// <summary>The configuration.</summary>
    public KNeighborsOptions Options { get; }

    /// <inheritdoc/>
    public IFittedClassifier Fit(FeatureMatrix x, int[] y)
    {
        var (classes, encoded) = Check.TrainingSet(x, y);
        if (Options.Neighbors > x.Rows)
        {
            throw new ArgumentException($"options.Neighbors must be ≤ the number of training samples ({x.Rows}), got {Options.Neighbors}", nameof(x));
        }

        return new FittedKNeighbors(classes, x.Clone(), encoded, Options);
    }
}
