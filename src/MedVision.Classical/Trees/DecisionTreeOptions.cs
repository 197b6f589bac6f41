namespace MedVision.Classical.Trees;

/// <summary>Options of <see cref="DecisionTreeClassifier"/>; defaults are scikit-learn's <c>DecisionTreeClassifier(random_state=0)</c>.</summary>
public sealed record DecisionTreeOptions
{
    /// <summary>Gini (default) or entropy.</summary>
    public SplitCriterion Criterion { get; init; } = SplitCriterion.Gini;

    /// <summary>Maximum depth; null grows until leaves are pure or too small.</summary>
    public int? MaxDepth { get; init; }

    /// <summary>A node with fewer samples is a leaf; default 2.</summary>
    public int MinSamplesSplit { get; init; } = 2;

    /// <summary>Each child keeps at least this many samples; default 1.</summary>
    public int MinSamplesLeaf { get; init; } = 1;

    /// <summary>Features drawn per node; default all.</summary>
    public MaxFeatures MaxFeatures { get; init; } = MaxFeatures.All;

    /// <summary>Seed of the per-node feature permutation; default 0.</summary>
    public int Seed { get; init; }

    internal TreeGrowth Growth(int features)
    {
        if (Criterion == SplitCriterion.FriedmanMse)
        {
            throw new ArgumentException("options.Criterion must be Gini or Entropy for a classifier, got FriedmanMse");
        }

        Validate(MaxDepth, MinSamplesSplit, MinSamplesLeaf);
        ArgumentNullException.ThrowIfNull(MaxFeatures, nameof(MaxFeatures));
        return new TreeGrowth(Criterion, MaxDepth, MinSamplesSplit, MinSamplesLeaf, MaxFeatures.Resolve(features));
    }

    internal static void Validate(int? maxDepth, int minSamplesSplit, int minSamplesLeaf)
    {
        if (maxDepth is { } depth)
        {
            Check.AtLeast(depth, 1, "MaxDepth");
        }

        Check.AtLeast(minSamplesSplit, 2, "MinSamplesSplit");
        Check.AtLeast(minSamplesLeaf, 1, "MinSamplesLeaf");
    }
}
