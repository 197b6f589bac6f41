using System.Text.Json;
using System.Text.Json.Serialization;

namespace MedVision.Training;

/// <summary>
/// The JSON of <see cref="TrainerOptions"/> that enters <see cref="Trainer.Fingerprint"/>. It keeps the shape the options
/// had when their choices were strings (the same fields, order and defaults, choices by their config names), so a
/// checkpoint written then is still resumed; a choice with other parameters than its table default is written as its name
/// followed by its parameters, and settings added since appear only when they differ from their defaults.
/// </summary>
internal static class SettingsFingerprint
{
    public static string Json(TrainerOptions options)
    {
        var step = options.Schedule as ScheduleFactory.Step;
        var (balance, smoothing, loss) = options.Loss switch
        {
            LossFactory.BinaryCrossEntropy b => (b.BalanceClasses, 0.0, (string?)null),
            LossFactory.CrossEntropy c => (c.BalanceClasses, c.LabelSmoothing, null),
            var other => (false, 0.0, Describe(TrainingChoices.Losses, other, other.Name)),
        };
        var shape = new Shape(
            options.Epochs, options.BatchSize, options.LearningRate,
            Describe(TrainingChoices.Optimizers, options.Optimizer, options.Optimizer.Name),
            // The step length was a setting of its own (step_epochs).
            Describe(TrainingChoices.Schedules, step is null ? options.Schedule : step with { Epochs = 0 }, options.Schedule.Name),
            step?.Epochs ?? 0,
            options.LrFind, options.FreezeEpochs, options.LrRatio, options.ClipGradNorm, options.Patience,
            balance, options.Classes, smoothing, options.Augmentation,
            TrainingChoices.Samplings.NameOf(options.Sampling) ?? options.Sampling.ToString(),
            options.Seed, CheckpointDirectory: null,
            loss, options.RestoreBestWeights ? null : false,
            options.Monitor == TrainingMonitor.Loss ? null : TrainingChoices.Monitors.NameOf(options.Monitor));
        return JsonSerializer.Serialize(shape);
    }

    /// <summary>The config name of <paramref name="value"/>, followed by its parameters as JSON unless they are the table's defaults.</summary>
    private static string Describe<T>(NamedTable<T> table, T value, string name)
        where T : notnull =>
        table.NameOf(value) ?? name + JsonSerializer.Serialize(value, value.GetType());

    private sealed record Shape(
        int Epochs,
        int BatchSize,
        double LearningRate,
        string Optimizer,
        string Schedule,
        int StepEpochs,
        bool LrFind,
        int FreezeEpochs,
        double LrRatio,
        double ClipGradNorm,
        int Patience,
        bool BalanceClasses,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Classes,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double LabelSmoothing,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Augmentation,
        string Sampling,
        int Seed,
        string? CheckpointDirectory,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Loss,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? RestoreBestWeights,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Monitor);
}
