namespace MedVision.Classical.Preprocessing;

/// <summary>Options of <see cref="MinMaxScaler"/> (scikit-learn <c>feature_range=(0, 1)</c>, <c>clip=False</c>).</summary>
public sealed record MinMaxScalerOptions
{
    /// <summary>Lower end of the target range; default 0.</summary>
    public double Min { get; init; }

    /// <summary>Upper end of the target range; default 1.</summary>
    public double Max { get; init; } = 1;

    /// <summary>Clip transformed values of unseen data into [Min, Max]; default false.</summary>
    public bool Clip { get; init; }
}
