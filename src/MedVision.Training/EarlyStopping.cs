namespace MedVision.Training;

/// <summary>
/// Stops training once the monitored loss (validation loss, else training loss) has not improved for
/// <see cref="Patience"/> epochs, never during a head-only phase (a warm-up, not a plateau), and at the end loads the
/// best epoch's weights when <see cref="RestoreBest"/> (Keras' <c>EarlyStopping(patience, restore_best_weights)</c>). The
/// trainer keeps the best epoch in <see cref="TrainingContext"/>; this callback only acts on it.
/// </summary>
public sealed class EarlyStopping : ITrainingCallback
{
    /// <param name="patience">Epochs without improvement before stopping (≥ 0; 0 never stops early).</param>
    /// <param name="restoreBest">Load the best epoch's weights when training ends (default true).</param>
    public EarlyStopping(int patience, bool restoreBest = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        Patience = patience;
        RestoreBest = restoreBest;
    }

    /// <summary>Epochs without improvement before stopping; 0 never stops early.</summary>
    public int Patience { get; }

    /// <summary>Whether the best epoch's weights are loaded when training ends.</summary>
    public bool RestoreBest { get; }

    /// <inheritdoc/>
    public EpochDecision OnEpochEnd(TrainingContext context, EpochReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Patience > 0 && !context.Phase.HeadOnly && context.EpochsSinceBest >= Patience ? EpochDecision.Stop : EpochDecision.Continue;
    }

    /// <inheritdoc/>
    public void OnTrainEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (RestoreBest && context.BestWeights is { } best)
        {
            context.Model.LoadStateDict(best);
        }
    }
}
