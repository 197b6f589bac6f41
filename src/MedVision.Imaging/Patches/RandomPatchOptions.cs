namespace MedVision.Imaging;

/// <summary>Options of <see cref="RandomPatches.InMask(Mask, int, int, int, RandomPatchOptions)"/>.</summary>
public sealed record RandomPatchOptions
{
    /// <summary>Seed of the draws; the same seed and mask give the same regions.</summary>
    public int Seed { get; init; }

    /// <summary>What must lie inside the mask. Default <see cref="PatchContainment.Center"/>.</summary>
    public PatchContainment Containment { get; init; } = PatchContainment.Center;

    /// <summary>Draws allowed per patch before giving up with a <see cref="PatchSamplingException"/>. Default 1000.</summary>
    public int MaxTries { get; init; } = 1000;
}
