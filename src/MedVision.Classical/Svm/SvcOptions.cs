namespace MedVision.Classical.Svm;

/// <summary>
/// Options of <see cref="Svc"/>; defaults are scikit-learn's <c>SVC()</c> except <see cref="Probability"/>, which is
/// on because the estimator contract needs probabilities (scikit-learn <c>SVC(probability=True)</c>).
/// </summary>
public sealed record SvcOptions
{
    /// <summary>Penalty C &gt; 0; default 1.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>Kernel; default RBF.</summary>
    public SvmKernel Kernel { get; init; } = SvmKernel.Rbf;

    /// <summary>γ of the RBF and polynomial kernels; default <see cref="SvmGamma.Scale"/>.</summary>
    public SvmGamma Gamma { get; init; } = SvmGamma.Scale;

    /// <summary>Degree of the polynomial kernel; default 3.</summary>
    public int Degree { get; init; } = 3;

    /// <summary>Independent term of the polynomial kernel; default 0.</summary>
    public double Coef0 { get; init; }

    /// <summary>Stopping tolerance on the maximal KKT violation (libsvm <c>eps</c>); default 1e-3.</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>libsvm's shrinking heuristic; default true.</summary>
    public bool Shrinking { get; init; } = true;

    /// <summary>Fit Platt sigmoids by internal 5-fold cross-validation (libsvm <c>-b 1</c>); default true.</summary>
    public bool Probability { get; init; } = true;

    /// <summary>Seed of the fold permutation used by Platt scaling; default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Kernel cache size in MB (scikit-learn <c>cache_size</c>); the whole Gram matrix is kept when it fits. Default 200.</summary>
    public double CacheSizeMb { get; init; } = 200;

    /// <summary>Iteration limit of SMO; null is libsvm's <c>max(10⁷, 100·n)</c>.</summary>
    public int? MaxIterations { get; init; }
}
