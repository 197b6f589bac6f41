namespace MedVision.Nn.Schedules;

/// <summary>
/// The one-cycle policy with the semantics of <c>torch.optim.lr_scheduler.OneCycleLR</c>. The base rate passed
/// to <see cref="LearningRate"/> is each group's <c>max_lr</c>. Two phases: initial = max/div_factor → max over
/// steps [0, pct_start·T − 1], then max → initial/final_div_factor over [pct_start·T − 1, T − 1]. Three
/// phases: initial → max → initial (ending at 2·pct_start·T − 2) → final. Momentum (or Adam β₁) moves
/// max_momentum → base_momentum → max_momentum against the rate. Steps run 0 … T; later steps are an error,
/// as in PyTorch.
/// </summary>
public sealed class OneCycleLR : ILearningRateSchedule
{
    private readonly Phase[] _phases;

    /// <summary>A cycle of <paramref name="totalSteps"/> steps with PyTorch's defaults.</summary>
    public OneCycleLR(int totalSteps)
        : this(new OneCycleOptions { TotalSteps = totalSteps })
    {
    }

    /// <summary>A cycle configured by <paramref name="options"/>.</summary>
    public OneCycleLR(OneCycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ScheduleChecks.Positive(options.TotalSteps, "TotalSteps");
        if (!(options.PctStart >= 0 && options.PctStart <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PctStart, $"PctStart must be in [0, 1], got {options.PctStart}");
        }

        ScheduleChecks.Positive(options.DivFactor, "DivFactor");
        ScheduleChecks.Positive(options.FinalDivFactor, "FinalDivFactor");
        Options = options;
        var t = options.TotalSteps;
        var p = options.PctStart;
        var (lo, hi) = (options.BaseMomentum, options.MaxMomentum);

        // Rates are stored as fractions of max_lr: 1/div is the initial rate, 1/(div·final_div) the last one.
        var initial = 1 / options.DivFactor;
        var min = initial / options.FinalDivFactor;
        _phases = options.ThreePhase
            ?
            [
                new((p * t) - 1, initial, 1, hi, lo),
                new((2 * p * t) - 2, 1, initial, lo, hi),
                new(t - 1, initial, min, hi, hi),
            ]
            :
            [
                new((p * t) - 1, initial, 1, hi, lo),
                new(t - 1, 1, min, lo, hi),
            ];
    }

    public OneCycleOptions Options { get; }

    /// <summary>The rate at <paramref name="step"/> for a group whose <c>max_lr</c> is <paramref name="baseLr"/>.</summary>
    public double LearningRate(int step, double baseLr) => baseLr * Evaluate(step).Fraction;

    /// <summary>
    /// The momentum (SGD) or β₁ (Adam) at <paramref name="step"/>; <see cref="OneCycleOptions.MaxMomentum"/>
    /// throughout when <see cref="OneCycleOptions.CycleMomentum"/> is false.
    /// </summary>
    public double Momentum(int step) => Options.CycleMomentum ? Evaluate(step).Momentum : Options.MaxMomentum;

    private (double Fraction, double Momentum) Evaluate(int step)
    {
        ScheduleChecks.Step(step);
        if (step > Options.TotalSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"step must be ≤ TotalSteps ({Options.TotalSteps}), got {step}");
        }

        double start = 0;
        for (var i = 0; i < _phases.Length; i++)
        {
            var phase = _phases[i];
            if (step <= phase.EndStep || i == _phases.Length - 1)
            {
                var pct = (step - start) / (phase.EndStep - start);
                return (Anneal(phase.StartLr, phase.EndLr, pct), Anneal(phase.StartMomentum, phase.EndMomentum, pct));
            }

            start = phase.EndStep;
        }

        throw new InvalidOperationException("unreachable: the last phase always matches");
    }

    private double Anneal(double start, double end, double pct) => Options.AnnealStrategy == AnnealStrategy.Cos
        ? end + ((start - end) / 2 * (Math.Cos(Math.PI * pct) + 1))
        : ((end - start) * pct) + start;

    private sealed record Phase(double EndStep, double StartLr, double EndLr, double StartMomentum, double EndMomentum);
}
