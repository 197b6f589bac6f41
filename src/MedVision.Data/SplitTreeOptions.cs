namespace MedVision.Data;

/// <summary>Settings of <see cref="SplitTree.Write(ImageStore, string, SplitTreeOptions)"/>.</summary>
public sealed record SplitTreeOptions
{
    /// <summary>Share of all images filed under <c>Test/</c>, in (0, 1).</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Share of all images filed under <c>Val/</c>, in [0, 1); 0 writes no <c>Val/</c> folder.</summary>
    public double ValidationFraction { get; init; }

    /// <summary>Keep every group in one split (stratified group hold-out); false splits images independently and can leak.</summary>
    public bool Grouped { get; init; } = true;

    /// <summary>Merge the groups of exact and near-duplicate images found by the leakage audit (as <c>experiment</c> does), so copies never straddle a split.</summary>
    public bool MergeDuplicates { get; init; } = true;

    /// <summary>Symbolic links to the source files instead of copies.</summary>
    public bool Link { get; init; }

    /// <summary>Seed of the split.</summary>
    public int Seed { get; init; }
}
