namespace MedVision.Classical;

/// <summary>
/// An unfitted classifier: its constructor holds the configuration, <see cref="Fit"/> learns from data and
/// returns an independent fitted model (scikit-learn's estimator contract; the estimator itself is never mutated).
/// </summary>
public interface IClassifier
{
    /// <summary>Fits on <paramref name="x"/> (n, p) and labels <paramref name="y"/> (n), with at least two classes.</summary>
    IFittedClassifier Fit(FeatureMatrix x, int[] y);
}
