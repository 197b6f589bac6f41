namespace MedVision.Nn.Schedules;

/// <summary>Settings of <see cref="LearningRateFinder.Analyze(IReadOnlyList{double}, IReadOnlyList{double}, LrFinderOptions)"/>; defaults follow fastai's <c>lr_find</c>.</summary>
public sealed record LrFinderOptions
{
    /// <summary>Exponential smoothing factor of the loss (default 0.98).</summary>
    public double Beta { get; init; } = 0.98;

    /// <summary>The sweep stops once the smoothed loss exceeds this multiple of the best smoothed loss (default 4).</summary>
    public double DivergenceFactor { get; init; } = 4;

    /// <summary>Points dropped from the start before the suggestion; null (default) = a tenth of the sweep, as fastai.</summary>
    public int? SkipStart { get; init; }

    /// <summary>Points dropped from the end before the suggestion (default 5, as fastai).</summary>
    public int SkipEnd { get; init; } = 5;
}
