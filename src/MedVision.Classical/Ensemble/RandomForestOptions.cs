using MedVision.Classical.Trees;

namespace MedVision.Classical.Ensemble;

/// <summary>Options of <see cref="RandomForestClassifier"/>; defaults are scikit-learn's <c>RandomForestClassifier(random_state=0)</c>.</summary>
public sealed record RandomForestOptions
{
    /// <summary>Number of trees; default 100.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Gini (default) or entropy.</summary>
    public SplitCriterion Criterion { get; init; } = SplitCriterion.Gini;

    /// <summary>Maximum depth; null is unlimited.</summary>
    public int? MaxDepth { get; init; }

    /// <summary>Default 2.</summary>
    public int MinSamplesSplit { get; init; } = 2;

    /// <summary>Default 1.</summary>
    public int MinSamplesLeaf { get; init; } = 1;

    /// <summary>Features drawn per node; default √p.</summary>
    public MaxFeatures MaxFeatures { get; init; } = MaxFeatures.Sqrt;

    /// <summary>Fit each tree on a bootstrap sample (n draws with replacement, as sample weights); default true.</summary>
    public bool Bootstrap { get; init; } = true;

    /// <summary>Compute the out-of-bag accuracy and probabilities (needs <see cref="Bootstrap"/>); default false.</summary>
    public bool OobScore { get; init; }

    /// <summary>Seed of the bootstraps and feature draws; default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Threads for growing trees; −1 (default) uses all cores. The forest is the same for any value.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
