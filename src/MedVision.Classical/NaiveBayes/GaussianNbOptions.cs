namespace MedVision.Classical.NaiveBayes;

/// <summary>Options of <see cref="GaussianNb"/> (scikit-learn <c>GaussianNB(var_smoothing=1e-9)</c>, priors from the data).</summary>
public sealed record GaussianNbOptions
{
    /// <summary>Fraction of the largest feature variance added to every variance for stability; default 1e-9.</summary>
    public double VarSmoothing { get; init; } = 1e-9;
}
