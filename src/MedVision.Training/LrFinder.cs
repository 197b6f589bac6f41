using MedVision.Nn.Schedules;

namespace MedVision.Training;

/// <summary>
/// The learning-rate range test before training (fastai <c>lr_find</c>): up to 100 batches at rates rising exponentially
/// from 1e-7 to 10, stopping once the smoothed loss passes <see cref="LrFinderOptions.DivergenceFactor"/>× its minimum;
/// the run then trains at the suggestion (<see cref="TrainingContext.LearningRate"/>) when it is finite. The weights,
/// batch-norm statistics and dropout generators are restored afterwards, so the test leaves no trace on the run; its
/// batches come from a generator of their own. Skipped when the run is resumed (the checkpoint has the curve).
/// <see cref="TrainerOptions.LrFind"/> adds one.
/// </summary>
public sealed class LrFinder : ITrainingCallback
{
    /// <summary>A finder with <paramref name="options"/> (default fastai's smoothing and divergence factor).</summary>
    public LrFinder(LrFinderOptions? options = null) => Options = options ?? new LrFinderOptions();

    /// <summary>Smoothing, divergence factor and suggestion rule.</summary>
    public LrFinderOptions Options { get; }

    /// <inheritdoc/>
    public void OnTrainBegin(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsResumed)
        {
            return;
        }

        var model = context.Model;
        var saved = model.StateDict();
        var savedDropouts = context.Dropouts.Select(d => d.GetState()).ToList();
        var generator = context.FinderGenerator;
        var augmentGenerator = generator.Fork();
        var rates = LearningRateFinder.Rates();
        var optimizer = context.Options.Optimizer.Create([new Nn.Optim.ParamGroup(context.Trainable)], rates[0]);
        context.SetHeadOnly(context.Phases[0].HeadOnly);
        model.Train();
        var losses = new List<double>();
        int[] order = [];
        var position = 0;
        double average = 0, lowest = double.PositiveInfinity;
        foreach (var rate in rates)
        {
            if (position >= order.Length)
            {
                order = context.Order(generator);
                position = 0;
            }

            var batch = order.AsSpan(position, Math.Min(context.Options.BatchSize, order.Length - position));
            position += batch.Length;
            optimizer.ParamGroups[0].Lr = rate;
            var value = context.TrainStep(batch, augmentGenerator, optimizer, out _);
            losses.Add(value);
            average = (Options.Beta * average) + ((1 - Options.Beta) * value);
            var smoothed = average / (1 - Math.Pow(Options.Beta, losses.Count));
            lowest = Math.Min(lowest, smoothed);
            if (!double.IsFinite(smoothed) || smoothed > Options.DivergenceFactor * lowest)
            {
                break;
            }
        }

        model.LoadStateDict(saved);
        for (var i = 0; i < context.Dropouts.Count; i++)
        {
            context.Dropouts[i].SetState(savedDropouts[i]);
        }

        var result = LearningRateFinder.Analyze(rates[..losses.Count], losses, Options);
        context.LrFinder = result;
        if (double.IsFinite(result.SuggestedLr))
        {
            context.LearningRate = result.SuggestedLr;
        }
    }
}
