namespace MedVision.Classical;

/// <summary>An unfitted feature transformer (scaler, reducer): <see cref="Fit"/> returns the fitted transform.</summary>
public interface ITransformer
{
    /// <summary>Learns the transform from <paramref name="x"/> (n, p).</summary>
    IFittedTransformer Fit(FeatureMatrix x);
}
