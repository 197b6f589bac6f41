namespace MedVision.Data.Synthetic;

/// <summary>Settings of <see cref="MicrocalcificationPhantom"/>.</summary>
public sealed record PhantomOptions
{
    /// <summary>Source regions per class; each yields <see cref="PatchesPerRegion"/> overlapping patches (one group).</summary>
    public int RegionsPerClass { get; init; } = 100;

    /// <summary>Overlapping patches cut from each source region, as the mammo_micro set was cut.</summary>
    public int PatchesPerRegion { get; init; } = 3;

    /// <summary>Patch side in pixels.</summary>
    public int Size { get; init; } = 60;

    /// <summary>Seed of every random choice.</summary>
    public int Seed { get; init; }
}
