namespace MedVision.Nn.Patches;

/// <summary>How <see cref="PatchNetwork"/> combines the patch probabilities of one image into its score.</summary>
public enum PatchVote
{
    /// <summary>The share of patches with probability ≥ ½, as (k + ½) / (n + 1) (seeds/002); K classes: the mode of the patches' classes.</summary>
    MajorityVote,

    /// <summary>The mean patch probability (K classes: the mean softmax probabilities).</summary>
    Mean,

    /// <summary>The largest patch probability: the most suspicious patch (binary only).</summary>
    Max,
}
