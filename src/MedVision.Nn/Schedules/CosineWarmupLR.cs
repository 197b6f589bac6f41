namespace MedVision.Nn.Schedules;

/// <summary>
/// Linear warm-up followed by cosine annealing; the same rates as PyTorch's
/// <c>SequentialLR([LinearLR(start_factor, total_iters=warmupSteps), CosineAnnealingLR(T_max=totalSteps − warmupSteps, eta_min=minLr)], milestones=[warmupSteps])</c>:
/// for step &lt; W, <c>lr = baseLr · (s + (1 − s) · step / W)</c>; then
/// <c>lr = minLr + (baseLr − minLr) · (1 + cos(π · (step − W) / (T − W))) / 2</c>, which continues the cosine
/// period (as <c>CosineAnnealingLR</c>'s closed form does) past T.
/// </summary>
public sealed class CosineWarmupLR : ILearningRateSchedule
{
    /// <summary>
    /// Warm up over <paramref name="warmupSteps"/> (≥ 0) from <paramref name="warmupStartFactor"/> × base
    /// (default 0.001, in (0, 1]), then anneal to <paramref name="minLr"/> (default 0) at <paramref name="totalSteps"/>.
    /// </summary>
    public CosineWarmupLR(int warmupSteps, int totalSteps, double warmupStartFactor = 0.001, double minLr = 0)
    {
        if (warmupSteps < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, $"warmupSteps must be ≥ 0, got {warmupSteps}");
        }

        if (totalSteps <= warmupSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, $"totalSteps must be > warmupSteps ({warmupSteps}), got {totalSteps}");
        }

        if (!(warmupStartFactor > 0 && warmupStartFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(warmupStartFactor), warmupStartFactor, $"warmupStartFactor must be in (0, 1], got {warmupStartFactor}");
        }

        ScheduleChecks.NonNegative(minLr, nameof(minLr));
        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
        WarmupStartFactor = warmupStartFactor;
        MinLr = minLr;
    }

    public int WarmupSteps { get; }

    public int TotalSteps { get; }

    public double WarmupStartFactor { get; }

    public double MinLr { get; }

    public double LearningRate(int step, double baseLr)
    {
        ScheduleChecks.Step(step);
        if (step < WarmupSteps)
        {
            return baseLr * (WarmupStartFactor + ((1 - WarmupStartFactor) * step / WarmupSteps));
        }

        var t = (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps);
        return MinLr + ((baseLr - MinLr) * (1 + Math.Cos(Math.PI * t)) / 2);
    }
}
