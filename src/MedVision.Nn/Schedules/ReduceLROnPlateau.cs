namespace MedVision.Nn.Schedules;

/// <summary>
/// Reduces every group's learning rate by a factor when a metric stops improving, with the exact rules of
/// <c>torch.optim.lr_scheduler.ReduceLROnPlateau</c> (best-so-far with a relative or absolute threshold,
/// patience, cooldown, a floor and an epsilon below which a reduction is skipped). Unlike the other
/// schedules this one depends on the metric history, so it is a small state machine: call
/// <see cref="Step"/> once per evaluation and read <see cref="LearningRates"/>.
/// </summary>
public sealed class ReduceLROnPlateau
{
    private readonly double[] _rates;
    private int _cooldownCounter;

    /// <summary>One group starting at <paramref name="initialLr"/>, PyTorch's defaults.</summary>
    public ReduceLROnPlateau(double initialLr)
        : this([initialLr], new ReduceLROnPlateauOptions())
    {
    }

    /// <summary>Groups starting at <paramref name="initialLrs"/>, configured by <paramref name="options"/>.</summary>
    public ReduceLROnPlateau(IEnumerable<double> initialLrs, ReduceLROnPlateauOptions options)
    {
        ArgumentNullException.ThrowIfNull(initialLrs);
        ArgumentNullException.ThrowIfNull(options);
        _rates = [.. initialLrs];
        if (_rates.Length == 0)
        {
            throw new ArgumentException("initialLrs must name at least one group's rate, got none", nameof(initialLrs));
        }

        if (!(options.Factor > 0 && options.Factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Factor, $"Factor must be in (0, 1), got {options.Factor}");
        }

        if (options.Patience < 0 || options.Cooldown < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Patience and Cooldown must be ≥ 0, got {options.Patience} and {options.Cooldown}");
        }

        Options = options;
        Best = options.Mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
    }

    public ReduceLROnPlateauOptions Options { get; }

    /// <summary>Current rate of each group.</summary>
    public IReadOnlyList<double> LearningRates => _rates;

    /// <summary>Best metric seen so far (±∞ before the first step).</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive steps without improvement.</summary>
    public int BadSteps { get; private set; }

    /// <summary>Records <paramref name="metric"/>; returns true when the rates were reduced by this step.</summary>
    public bool Step(double metric)
    {
        if (IsBetter(metric))
        {
            Best = metric;
            BadSteps = 0;
        }
        else
        {
            BadSteps++;
        }

        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            BadSteps = 0;
        }

        if (BadSteps <= Options.Patience)
        {
            return false;
        }

        var reduced = false;
        for (var i = 0; i < _rates.Length; i++)
        {
            var next = Math.Max(_rates[i] * Options.Factor, Options.MinLr);
            if (_rates[i] - next > Options.Eps)
            {
                _rates[i] = next;
                reduced = true;
            }
        }

        _cooldownCounter = Options.Cooldown;
        BadSteps = 0;
        return reduced;
    }

    private bool IsBetter(double a) => (Options.Mode, Options.ThresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Rel) => a < Best * (1 - Options.Threshold),
        (PlateauMode.Min, ThresholdMode.Abs) => a < Best - Options.Threshold,
        (PlateauMode.Max, ThresholdMode.Rel) => a > Best * (1 + Options.Threshold),
        _ => a > Best + Options.Threshold,
    };
}
