namespace MedVision.Classical.Manifold;

/// <summary>Settings of <see cref="Tsne"/>; defaults are scikit-learn 1.2's <c>TSNE</c> defaults.</summary>
public sealed record TsneOptions
{
    /// <summary>Dimensions of the embedding (<c>n_components</c>); default 2.</summary>
    public int Components { get; init; } = 2;

    /// <summary>Effective number of neighbours each point's Gaussian is tuned to (<c>perplexity</c>); default 30, must be &lt; the number of points.</summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Factor on P during the first <see cref="ExplorationIterations"/> iterations (<c>early_exaggeration</c>); default 12.</summary>
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Gradient step; null is scikit-learn's <c>'auto'</c>, max(N / early exaggeration / 4, 50).</summary>
    public double? LearningRate { get; init; }

    /// <summary>Total iterations including the exploration phase (<c>n_iter</c>); default 1000.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Iterations with exaggerated P and momentum 0.5 (scikit-learn's fixed <c>_EXPLORATION_N_ITER</c>); default 250.</summary>
    public int ExplorationIterations { get; init; } = 250;

    /// <summary>Stop when the error has not improved for this many iterations after exploration (<c>n_iter_without_progress</c>); default 300.</summary>
    public int IterationsWithoutProgress { get; init; } = 300;

    /// <summary>Stop when the gradient norm falls below this (<c>min_grad_norm</c>); default 1e-7.</summary>
    public double MinGradNorm { get; init; } = 1e-7;
}
