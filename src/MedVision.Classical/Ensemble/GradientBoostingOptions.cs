using MedVision.Classical.Trees;

namespace MedVision.Classical.Ensemble;

/// <summary>Options of <see cref="GradientBoostingClassifier"/>; defaults are scikit-learn's <c>GradientBoostingClassifier(random_state=0)</c>.</summary>
public sealed record GradientBoostingOptions
{
    /// <summary>Boosting stages; default 100.</summary>
    public int Estimators { get; init; } = 100;

    /// <summary>Shrinkage of each stage; default 0.1.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Depth of each regression tree; default 3.</summary>
    public int MaxDepth { get; init; } = 3;

    /// <summary>Fraction of samples drawn (without replacement) for each stage; default 1 (no subsampling).</summary>
    public double Subsample { get; init; } = 1.0;

    /// <summary>Default 2.</summary>
    public int MinSamplesSplit { get; init; } = 2;

    /// <summary>Default 1.</summary>
    public int MinSamplesLeaf { get; init; } = 1;

    /// <summary>Features drawn per node; default all.</summary>
    public MaxFeatures MaxFeatures { get; init; } = MaxFeatures.All;

    /// <summary>Seed of subsampling and feature draws; default 0.</summary>
    public int Seed { get; init; }
}
