namespace MedVision.Classical.Trees;

/// <summary>
/// A CART classification tree as scikit-learn's <c>DecisionTreeClassifier</c> (best splitter, depth-first, float32
/// thresholds); leaf probabilities are the class fractions of the leaf's training samples.
/// </summary>
public sealed class DecisionTreeClassifier : IClassifier
{
    /// <summary>Gini, unlimited depth, all features, seed 0.</summary>
    public DecisionTreeClassifier()
        : this(new DecisionTreeOptions())
    {
    }

    /// <summary>A tree with explicit options.</summary>
    public DecisionTreeClassifier(DecisionTreeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ = options.Growth(1);
        Options = options;
    }

    /// <summary>The configuration.</summary>
    public DecisionTreeOptions Options { get; }

    /// <inheritdoc/>
    public IFittedClassifier Fit(FeatureMatrix x, int[] y)
    {
        var (classes, encoded) = Check.TrainingSet(x, y);
        var builder = new TreeBuilder(TreeBuilder.ToColumns(x), x.Rows, Options.Growth(x.Cols), encoded, classes.Length);
        return new FittedDecisionTree(classes, x.Cols, builder.Build(null, new Random(Options.Seed)));
    }
}
