namespace MedVision.Pipeline.Models;

/// <summary>
/// How a model's scores are laid out: binary models give one score per image, the probability of the positive class
/// (the second class in sort order); K-class models (K ≥ 3) give K, the class probabilities in class order, row-major
/// (N × K). Networks have as many output logits.
/// </summary>
public static class ScoreColumns
{
    /// <summary>Scores per image for <paramref name="classes"/> classes: 1 for two, K for K ≥ 3.</summary>
    public static int Of(int classes) => classes > 2 ? classes : 1;
}
