namespace MedVision.Classical.Decomposition;

/// <summary>Options of <see cref="Pca"/> (scikit-learn <c>PCA(n_components=None, whiten=False)</c>, full SVD).</summary>
public sealed record PcaOptions
{
    /// <summary>Components kept; null keeps min(n_samples, n_features).</summary>
    public int? Components { get; init; }

    /// <summary>Divide each projected component by its standard deviation so that outputs have unit variance.</summary>
    public bool Whiten { get; init; }
}
