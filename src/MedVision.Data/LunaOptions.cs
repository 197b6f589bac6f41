namespace MedVision.Data;

/// <summary>2-D patches from a LUNA-style candidate list (seeds/003).</summary>
public sealed record LunaOptions
{
    /// <summary>Side of the square axial patch in pixels (seeds/003: 50).</summary>
    public int PatchSize { get; init; } = 50;

    /// <summary>Lower end of the intensity window (HU), mapped to 0.</summary>
    public double WindowMin { get; init; } = -1000;

    /// <summary>Upper end of the intensity window (HU), mapped to 255.</summary>
    public double WindowMax { get; init; } = 400;

    /// <summary>
    /// Negatives kept per positive candidate, drawn at random (seeded); positive infinity (YAML <c>.inf</c>, flag
    /// value <c>all</c>) keeps every negative. Default 5: one nodule in six patches, as seeds/003 undersampled.
    /// </summary>
    public double NegativeRatio { get; init; } = 5;
}
