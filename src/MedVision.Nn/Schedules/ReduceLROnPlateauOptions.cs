namespace MedVision.Nn.Schedules;

/// <summary>Settings of <see cref="ReduceLROnPlateau"/>; names and defaults are those of <c>torch.optim.lr_scheduler.ReduceLROnPlateau</c>.</summary>
public sealed record ReduceLROnPlateauOptions
{
    /// <summary>Minimise (default) or maximise the metric.</summary>
    public PlateauMode Mode { get; init; } = PlateauMode.Min;

    /// <summary>New rate = rate · Factor (default 0.1, in (0, 1)).</summary>
    public double Factor { get; init; } = 0.1;

    /// <summary>Steps without improvement tolerated before reducing (default 10).</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Minimum change that counts as an improvement (default 1e-4).</summary>
    public double Threshold { get; init; } = 1e-4;

    /// <summary>Relative (default) or absolute threshold.</summary>
    public ThresholdMode ThresholdMode { get; init; } = ThresholdMode.Rel;

    /// <summary>Steps to wait after a reduction before counting again (default 0).</summary>
    public int Cooldown { get; init; }

    /// <summary>Lower bound of every group's rate (default 0).</summary>
    public double MinLr { get; init; }

    /// <summary>Reductions smaller than this are skipped (default 1e-8).</summary>
    public double Eps { get; init; } = 1e-8;
}
