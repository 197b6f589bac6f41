namespace MedVision.Nn.Schedules;

/// <summary>
/// The learning-rate finder's curve and suggestion. <see cref="LearningRates"/>, <see cref="Losses"/> and
/// <see cref="SmoothedLosses"/> have one entry per step kept (up to and including the step at which the loss
/// diverged); <see cref="SuggestedLr"/> is the rate of steepest descent of the smoothed loss against log(lr),
/// NaN when too few points remain after skipping.
/// </summary>
public sealed record LrFinderResult(
    IReadOnlyList<double> LearningRates,
    IReadOnlyList<double> Losses,
    IReadOnlyList<double> SmoothedLosses,
    double SuggestedLr,
    int SuggestedIndex,
    bool Diverged);
