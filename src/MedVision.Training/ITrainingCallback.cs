namespace MedVision.Training;

/// <summary>
/// Hooks into <see cref="Trainer.Fit"/> (Keras' <c>Callback</c>, fastai's <c>Callback</c>): at the start of training, after
/// every epoch (continue or stop), and at the end. Every method has a do-nothing default. Built in:
/// <see cref="LrFinder"/>, <see cref="EarlyStopping"/> and <see cref="Checkpoint"/>; add your own with
/// <see cref="TrainerOptions.Callbacks"/>.
/// </summary>
public interface ITrainingCallback
{
    /// <summary>
    /// Before the first epoch of this call, with the model at its starting weights (or, after a <see cref="Checkpoint"/>
    /// resumed the run, at the checkpoint's); <see cref="TrainingContext.LearningRate"/> may be changed here.
    /// </summary>
    void OnTrainBegin(TrainingContext context)
    {
    }

    /// <summary>
    /// After epoch <paramref name="report"/>.Epoch was trained and validated and the best epoch updated; return
    /// <see cref="EpochDecision.Stop"/> to make it the last.
    /// </summary>
    EpochDecision OnEpochEnd(TrainingContext context, EpochReport report) => EpochDecision.Continue;

    /// <summary>After the last epoch, when training ended normally (not on cancellation or divergence).</summary>
    void OnTrainEnd(TrainingContext context)
    {
    }
}
