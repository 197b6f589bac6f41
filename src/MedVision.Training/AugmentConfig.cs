namespace MedVision.Training;

/// <summary>
/// What a model's <c>augment:</c> says (see <see cref="AugmentationList"/>): <c>true</c> (the <c>augment_preset</c>,
/// default <c>keras</c>), a named list (<c>keras</c>, <c>dihedral</c>), or a list of transforms applied in order,
/// each with its probability. <c>false</c> or absent is no augmentation (a null config).
/// </summary>
public sealed record AugmentConfig
{
    /// <summary><c>augment: true</c>: the model's <c>augment_preset</c>, else <c>keras</c>.</summary>
    public static AugmentConfig On { get; } = new();

    /// <summary>The named list, or null for <see cref="On"/> and for <see cref="Steps"/>.</summary>
    public string? Preset { get; init; }

    /// <summary>The transforms of a written-out list, in order; empty for a named list.</summary>
    public IReadOnlyList<AugmentStep> Steps { get; init; } = [];

    public bool Equals(AugmentConfig? other) =>
        other is not null && Preset == other.Preset && Steps.SequenceEqual(other.Steps);

    public override int GetHashCode() => HashCode.Combine(Preset, Steps.Count);
}

/// <summary>
/// One transform of an <c>augment:</c> list: its name and its parameters as written (a parameter's value is one scalar
/// or a list of scalars, such as <c>scale: [0.9, 1.1]</c>).
/// </summary>
public sealed record AugmentStep(string Name, IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters)
{
    public bool Equals(AugmentStep? other) =>
        other is not null && Name == other.Name && Parameters.Count == other.Parameters.Count
        && Parameters.All(p => other.Parameters.TryGetValue(p.Key, out var v) && v.SequenceEqual(p.Value));

    public override int GetHashCode() => HashCode.Combine(Name, Parameters.Count);
}
