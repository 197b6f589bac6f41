namespace MedVision.Training;

/// <summary>
/// A stretch of epochs trained alike: which parameters train, the share of the learning rate, and one run of the
/// schedule over it. <see cref="FineTune"/> gives the trainer's phases.
/// </summary>
/// <param name="FirstEpoch">The phase's first epoch, counted from 0 over the whole run.</param>
/// <param name="Epochs">Epochs in the phase (≥ 1).</param>
/// <param name="HeadOnly">Only the head (the last <c>Linear</c> layer) trains; early stopping waits for the next phase.</param>
/// <param name="LrFactor">The head's rate in this phase is the run's rate × this.</param>
public sealed record TrainingPhase(int FirstEpoch, int Epochs, bool HeadOnly, double LrFactor)
{
    /// <summary>
    /// fastai's <c>fine_tune</c>: <paramref name="freezeEpochs"/> head-only epochs at the rate, then
    /// <paramref name="epochs"/> epochs of every layer at half of it; without frozen epochs, one phase at the rate.
    /// </summary>
    public static IReadOnlyList<TrainingPhase> FineTune(int freezeEpochs, int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(freezeEpochs);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        return freezeEpochs == 0
            ? [new(0, epochs, HeadOnly: false, LrFactor: 1)]
            : [new(0, freezeEpochs, HeadOnly: true, LrFactor: 1), new(freezeEpochs, epochs, HeadOnly: false, LrFactor: 0.5)];
    }
}
