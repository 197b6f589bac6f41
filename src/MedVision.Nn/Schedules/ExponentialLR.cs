namespace MedVision.Nn.Schedules;

/// <summary>Exponential decay, as <c>torch.optim.lr_scheduler.ExponentialLR</c>: <c>lr = baseLr · gamma^step</c>.</summary>
public sealed class ExponentialLR : ILearningRateSchedule
{
    public ExponentialLR(double gamma)
    {
        ScheduleChecks.Positive(gamma, nameof(gamma));
        Gamma = gamma;
    }

    public double Gamma { get; }

    public double LearningRate(int step, double baseLr)
    {
        ScheduleChecks.Step(step);
        return baseLr * Math.Pow(Gamma, step);
    }
}
