namespace MedVision.Classical.Linear;

/// <summary>Options of <see cref="LogisticRegression"/>; defaults are scikit-learn's <c>LogisticRegression()</c> (lbfgs, L2).</summary>
public sealed record LogisticRegressionOptions
{
    /// <summary>Inverse regularisation strength C &gt; 0; the penalty is <c>‖W‖² / (2C)</c> against the summed log-loss. Default 1.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>Fit an (unpenalised) intercept; default true.</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>L-BFGS iteration limit (scikit-learn <c>max_iter</c>); default 100.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Stop when the largest gradient component of the mean loss is at most this (scipy's <c>gtol</c>); default 1e-4.</summary>
    public double Tolerance { get; init; } = 1e-4;
}
