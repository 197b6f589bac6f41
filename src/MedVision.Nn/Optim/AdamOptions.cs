namespace MedVision.Nn.Optim;

/// <summary>Settings of <see cref="Adam"/> and <see cref="AdamW"/>; defaults as <c>torch.optim.Adam</c> (AdamW: weight decay 0.01).</summary>
public sealed record AdamOptions
{
    public double Lr { get; init; } = 1e-3;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Eps { get; init; } = 1e-8;

    /// <summary>Weight decay; null takes the optimiser's default (0 for Adam, 0.01 for AdamW).</summary>
    public double? WeightDecay { get; init; }
}
