namespace MedVision.Classical.Manifold;

/// <summary>What <see cref="Tsne.FitTransform"/> returns.</summary>
/// <param name="Embedding">One row per input point, <see cref="TsneOptions.Components"/> columns.</param>
/// <param name="KlDivergence">KL(P‖Q) at the last error evaluation (scikit-learn <c>kl_divergence_</c>).</param>
/// <param name="Iterations">Index of the last iteration run (scikit-learn <c>n_iter_</c>).</param>
/// <param name="LearningRate">The step used (scikit-learn <c>learning_rate_</c>).</param>
public sealed record TsneResult(FeatureMatrix Embedding, double KlDivergence, int Iterations, double LearningRate);
