namespace MedVision.Nn.Optim;

/// <summary>Settings of <see cref="RMSprop"/>; defaults as <c>torch.optim.RMSprop</c>.</summary>
public sealed record RmspropOptions
{
    public double Lr { get; init; } = 1e-2;

    public double Alpha { get; init; } = 0.99;

    public double Eps { get; init; } = 1e-8;

    public double WeightDecay { get; init; }

    public double Momentum { get; init; }

    public bool Centered { get; init; }
}
