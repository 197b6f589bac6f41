namespace MedVision.Nn.Schedules;

/// <summary>
/// Decay at milestones, as <c>torch.optim.lr_scheduler.MultiStepLR</c>: <c>lr = baseLr · gamma^k</c> where k
/// counts the milestones ≤ step (a milestone listed twice counts twice, as PyTorch's Counter does).
/// </summary>
public sealed class MultiStepLR : ILearningRateSchedule
{
    private readonly int[] _milestones;

    /// <summary>Decays by <paramref name="gamma"/> (default 0.1) at each of <paramref name="milestones"/>.</summary>
    public MultiStepLR(IEnumerable<int> milestones, double gamma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        _milestones = [.. milestones.Order()];
        if (_milestones.Length > 0 && _milestones[0] < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(milestones), $"milestones must be ≥ 0, got {_milestones[0]}");
        }

        ScheduleChecks.Positive(gamma, nameof(gamma));
        Gamma = gamma;
    }

    public IReadOnlyList<int> Milestones => _milestones;

    public double Gamma { get; }

    public double LearningRate(int step, double baseLr)
    {
        ScheduleChecks.Step(step);
        var passed = 0;
        while (passed < _milestones.Length && _milestones[passed] <= step)
        {
            passed++;
        }

        return baseLr * Math.Pow(Gamma, passed);
    }
}
