namespace MedVision.Evaluation;

/// <summary>Options of <see cref="LeakageAudit"/>.</summary>
public sealed record LeakageAuditOptions
{
    /// <summary>
    /// The perceptual key of a sample's pixels (its hash and reduction) that near-duplicates are searched by; null
    /// (the default) searches exact duplicates only, which are always found. <c>MedVision.Data</c>'s
    /// <c>ImageStore.Audit</c> sets Imaging's DCT perceptual hash (<c>PerceptualHash</c>, 32×32 reduction).
    /// </summary>
    public Func<AuditPixels, PerceptualKey>? PerceptualKey { get; init; }

    /// <summary>Largest Hamming distance between 64-bit perceptual hashes for a candidate pair (default 10).</summary>
    public int MaxHammingDistance { get; init; } = 10;

    /// <summary>Smallest Pearson correlation of the pixels that confirms a candidate pair (default 0.98).</summary>
    public double MinCorrelation { get; init; } = 0.98;

    /// <summary>Threads for hashing (default −1: all cores). Does not change the result.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
