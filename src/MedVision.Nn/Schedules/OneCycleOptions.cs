namespace MedVision.Nn.Schedules;

/// <summary>Settings of <see cref="OneCycleLR"/>; names and defaults are those of <c>torch.optim.lr_scheduler.OneCycleLR</c>.</summary>
public sealed record OneCycleOptions
{
    /// <summary>Number of steps in the cycle (<c>total_steps</c> = epochs × steps per epoch); required, &gt; 0.</summary>
    public required int TotalSteps { get; init; }

    /// <summary>Fraction of the cycle spent increasing the rate (default 0.3).</summary>
    public double PctStart { get; init; } = 0.3;

    /// <summary>Cosine (default) or linear annealing.</summary>
    public AnnealStrategy AnnealStrategy { get; init; } = AnnealStrategy.Cos;

    /// <summary>Initial rate = max_lr / DivFactor (default 25).</summary>
    public double DivFactor { get; init; } = 25;

    /// <summary>Final rate = initial rate / FinalDivFactor (default 1e4).</summary>
    public double FinalDivFactor { get; init; } = 1e4;

    /// <summary>Three phases (up, back down to the initial rate, then to the final rate) instead of two (default false).</summary>
    public bool ThreePhase { get; init; }

    /// <summary>Cycle momentum (SGD momentum or Adam β₁) inversely to the rate (default true).</summary>
    public bool CycleMomentum { get; init; } = true;

    /// <summary>Momentum at the peak rate (default 0.85).</summary>
    public double BaseMomentum { get; init; } = 0.85;

    /// <summary>Momentum at the start and end of the cycle (default 0.95).</summary>
    public double MaxMomentum { get; init; } = 0.95;
}
