namespace MedVision.Training;

/// <summary>
/// Makes a run resumable: at the start, resumes from <see cref="Path"/> when it exists (it must carry the run's
/// <see cref="Trainer.Fingerprint"/>, else <see cref="CheckpointException"/>): weights, optimiser state, generators,
/// epoch, history, best epoch, learning rate and finder curve; after every epoch, writes a new
/// <see cref="TrainingCheckpoint"/> there atomically. The trainer runs checkpoints first at the start and last after each
/// epoch, so they restore before every other callback and record every other callback's decision.
/// <see cref="TrainerOptions.CheckpointDirectory"/> adds one.
/// </summary>
public sealed class Checkpoint : ITrainingCallback
{
    /// <param name="directory">Folder of <see cref="TrainingCheckpoint.FileName"/>; created when missing.</param>
    public Checkpoint(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
    }

    /// <summary>The checkpoint folder.</summary>
    public string Directory { get; }

    /// <summary>The checkpoint file.</summary>
    public string Path => System.IO.Path.Combine(Directory, TrainingCheckpoint.FileName);

    /// <inheritdoc/>
    public void OnTrainBegin(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsResumed || !File.Exists(Path))
        {
            return;
        }

        var resumed = TrainingCheckpoint.Read(Path);
        if (resumed.Fingerprint != context.Fingerprint)
        {
            throw new CheckpointException(
                $"{Path} was written for other training settings, initial weights or data (fingerprint {resumed.Fingerprint[..12]}…, these are {context.Fingerprint[..12]}…); delete it or write to another folder");
        }

        context.Resume(resumed);
    }

    /// <inheritdoc/>
    public EpochDecision OnEpochEnd(TrainingContext context, EpochReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Snapshot().Write(Path);
        return EpochDecision.Continue;
    }
}
