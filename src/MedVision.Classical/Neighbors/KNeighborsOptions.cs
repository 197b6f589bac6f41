namespace MedVision.Classical.Neighbors;

/// <summary>Options of <see cref="KNeighborsClassifier"/> (scikit-learn <c>KNeighborsClassifier(n_neighbors=5, weights="uniform")</c>, Euclidean).</summary>
public sealed record KNeighborsOptions
{
    /// <summary>Number of neighbours k ≥ 1; default 5.</summary>
    public int Neighbors { get; init; } = 5;

    /// <summary>Vote weighting; default uniform.</summary>
    public NeighborWeights Weights { get; init; } = NeighborWeights.Uniform;
}
