namespace MedVision.Evaluation;

/// <summary>How probability bins are laid out (scikit-learn's <c>calibration_curve(strategy=…)</c>).</summary>
public enum BinStrategy
{
    /// <summary>Equal-width bins over [0, 1].</summary>
    Uniform,

    /// <summary>Edges at the quantiles of the predicted probabilities (equal counts up to ties).</summary>
    Quantile,
}
