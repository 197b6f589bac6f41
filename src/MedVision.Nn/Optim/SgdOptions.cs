namespace MedVision.Nn.Optim;

/// <summary>Settings of <see cref="SGD"/>; defaults as <c>torch.optim.SGD</c> (a rate must be given).</summary>
public sealed record SgdOptions
{
    public required double Lr { get; init; }

    public double Momentum { get; init; }

    public double Dampening { get; init; }

    public bool Nesterov { get; init; }

    public double WeightDecay { get; init; }
}
