namespace MedVision.Classical.Trees;

/// <summary>Impurity criterion of a tree (scikit-learn <c>criterion</c>).</summary>
public enum SplitCriterion
{
    /// <summary>Gini impurity <c>1 − Σ p_k²</c> (classification).</summary>
    Gini,

    /// <summary>Shannon entropy <c>−Σ p_k log₂ p_k</c> (classification).</summary>
    Entropy,

    /// <summary>Mean squared error with Friedman's improvement score (regression; gradient boosting's default).</summary>
    FriedmanMse,
}
