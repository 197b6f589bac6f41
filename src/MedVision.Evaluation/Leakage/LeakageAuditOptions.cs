namespace MedVision.Evaluation;

/// <summary>Options of <see cref="LeakageAudit"/>.</summary>
public sealed record LeakageAuditOptions
{
    /// <summary>Look for near-duplicates at all (default true); exact duplicates are always found.</summary>
    public bool NearDuplicates { get; init; } = true;

    /// <summary>Largest Hamming distance between 64-bit perceptual hashes for a candidate pair (default 10).</summary>
    public int MaxHammingDistance { get; init; } = 10;

    /// <summary>Smallest Pearson correlation of the pixels that confirms a candidate pair (default 0.98).</summary>
    public double MinCorrelation { get; init; } = 0.98;

    /// <summary>Threads for hashing (default −1: all cores). Does not change the result.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
