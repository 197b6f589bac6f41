namespace MedVision.Evaluation;

/// <summary>
/// Output of <see cref="Bootstrap.Run"/>: one estimate per statistic, the raw replicates
/// (<c>Resamples × statistics</c>, resample-major) and warnings about undefined resamples.
/// </summary>
public sealed record BootstrapResult(IReadOnlyList<MetricEstimate> Estimates, double[] Replicates, int Resamples, IReadOnlyList<string> Warnings);
