namespace MedVision.Nn.Schedules;

/// <summary>
/// A learning-rate schedule as a pure function of the step: the rate a parameter group with base rate
/// <c>baseLr</c> uses after <c>step</c> calls of PyTorch's <c>scheduler.step()</c> (step 0 = before the first).
/// Each group keeps its own base rate, so discriminative rates scale together.
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate at <paramref name="step"/> (≥ 0) for a group whose base (or maximum) rate is <paramref name="baseLr"/>.</summary>
    double LearningRate(int step, double baseLr);
}
