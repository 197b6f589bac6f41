namespace MedVision.Classical;

/// <summary>A fitted feature transform: (n, p) → (n, OutputCount).</summary>
public interface IFittedTransformer
{
    /// <summary>Number of input features expected.</summary>
    int FeatureCount { get; }

    /// <summary>Number of output features.</summary>
    int OutputCount { get; }

    /// <summary>Transforms <paramref name="x"/> into a new matrix.</summary>
    FeatureMatrix Transform(FeatureMatrix x);
}
