namespace MedVision.Classical.Neighbors;

/// <summary>How neighbours vote (scikit-learn <c>weights</c>).</summary>
public enum NeighborWeights
{
    /// <summary>Every neighbour counts 1.</summary>
    Uniform,

    /// <summary>A neighbour counts 1/distance; neighbours at distance 0, if any, take all the weight.</summary>
    Distance,
}
