namespace MedVision.Nn.Schedules;

/// <summary>
/// Step decay, as <c>torch.optim.lr_scheduler.StepLR</c>: <c>lr = baseLr · gamma^⌊step / stepSize⌋</c>.
/// </summary>
public sealed class StepLR : ILearningRateSchedule
{
    /// <summary>Decays by <paramref name="gamma"/> (default 0.1) every <paramref name="stepSize"/> steps.</summary>
    public StepLR(int stepSize, double gamma = 0.1)
    {
        ScheduleChecks.Positive(stepSize, nameof(stepSize));
        ScheduleChecks.Positive(gamma, nameof(gamma));
        StepSize = stepSize;
        Gamma = gamma;
    }

    public int StepSize { get; }

    public double Gamma { get; }

    public double LearningRate(int step, double baseLr)
    {
        ScheduleChecks.Step(step);
        return baseLr * Math.Pow(Gamma, step / StepSize);
    }
}
