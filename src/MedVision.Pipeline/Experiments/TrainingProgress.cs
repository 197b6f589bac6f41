using MedVision.Training;

namespace MedVision.Pipeline.Experiments;

/// <summary>One finished training epoch of one model on one fold, as an experiment reports it (for progress bars).</summary>
/// <param name="Model">The model's configured name.</param>
/// <param name="Fold">The fold, counted from 0.</param>
/// <param name="Folds">How many folds the model is trained on.</param>
/// <param name="Epoch">The trainer's report; its <c>Epoch</c> counts from 1 up to <c>Epochs</c> (fewer when stopped early).</param>
public sealed record TrainingProgress(string Model, int Fold, int Folds, EpochReport Epoch);
