namespace MedVision.Nn.Schedules;

/// <summary>
/// The analysis half of a learning-rate range test (Smith 2017; fastai <c>lr_find</c>): the exponential sweep
/// of rates to train with, and, given the losses observed, the smoothed curve and the suggested rate. The
/// training loop that produces the losses belongs to the trainer.
/// </summary>
public static class LearningRateFinder
{
    /// <summary>
    /// <paramref name="count"/> rates from <paramref name="startLr"/> to <paramref name="endLr"/> spaced evenly in
    /// log scale: <c>start · (end/start)^(i/(count−1))</c>. Defaults: 1e-7 … 10 over 100 steps (fastai).
    /// </summary>
    public static double[] Rates(double startLr = 1e-7, double endLr = 10, int count = 100)
    {
        ScheduleChecks.Positive(startLr, nameof(startLr));
        ScheduleChecks.Positive(endLr, nameof(endLr));
        if (count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be ≥ 2, got {count}");
        }

        var rates = new double[count];
        for (var i = 0; i < count; i++)
        {
            rates[i] = startLr * Math.Pow(endLr / startLr, (double)i / (count - 1));
        }

        return rates;
    }

    /// <summary>Analyses a sweep with the default <see cref="LrFinderOptions"/>.</summary>
    public static LrFinderResult Analyze(IReadOnlyList<double> learningRates, IReadOnlyList<double> losses) =>
        Analyze(learningRates, losses, new LrFinderOptions());

    /// <summary>
    /// Smooths <paramref name="losses"/> with a bias-corrected exponential moving average
    /// (<c>avg ← β·avg + (1−β)·loss; smoothed = avg / (1 − β^(i+1))</c>), stops at the first point whose smoothed
    /// loss exceeds <see cref="LrFinderOptions.DivergenceFactor"/> × the best so far (kept, then the curve ends),
    /// drops <see cref="LrFinderOptions.SkipStart"/> and <see cref="LrFinderOptions.SkipEnd"/> points and
    /// suggests the rate where <c>Δsmoothed / Δlog(lr)</c> between neighbours is most negative (fastai's
    /// <c>steep</c>). A non-finite loss counts as divergence.
    /// </summary>
    public static LrFinderResult Analyze(IReadOnlyList<double> learningRates, IReadOnlyList<double> losses, LrFinderOptions options)
    {
        ArgumentNullException.ThrowIfNull(learningRates);
        ArgumentNullException.ThrowIfNull(losses);
        ArgumentNullException.ThrowIfNull(options);
        if (learningRates.Count != losses.Count)
        {
            throw new ArgumentException($"losses must have one value per rate ({learningRates.Count}), got {losses.Count}", nameof(losses));
        }

        if (!(options.Beta >= 0 && options.Beta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Beta, $"Beta must be in [0, 1), got {options.Beta}");
        }

        var rates = new List<double>();
        var raw = new List<double>();
        var smoothed = new List<double>();
        double average = 0, best = double.PositiveInfinity;
        var diverged = false;
        for (var i = 0; i < losses.Count; i++)
        {
            average = (options.Beta * average) + ((1 - options.Beta) * losses[i]);
            var value = average / (1 - Math.Pow(options.Beta, i + 1));
            rates.Add(learningRates[i]);
            raw.Add(losses[i]);
            smoothed.Add(value);
            best = Math.Min(best, value);
            if (!double.IsFinite(value) || value > options.DivergenceFactor * best)
            {
                diverged = true;
                break;
            }
        }

        var skipStart = options.SkipStart ?? (learningRates.Count / 10);
        var from = Math.Max(0, skipStart);
        var to = smoothed.Count - Math.Max(0, options.SkipEnd);
        double steepest = double.PositiveInfinity;
        var index = -1;
        for (var i = from; i + 1 < to; i++)
        {
            var slope = (smoothed[i + 1] - smoothed[i]) / (Math.Log(rates[i + 1]) - Math.Log(rates[i]));
            if (slope < steepest)
            {
                steepest = slope;
                index = i;
            }
        }

        return new LrFinderResult(rates, raw, smoothed, index >= 0 ? rates[index] : double.NaN, index, diverged);
    }
}
