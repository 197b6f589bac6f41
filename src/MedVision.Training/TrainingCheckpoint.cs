using System.Text.Json;
using System.Text.Json.Serialization;
using MedVision.Nn.Schedules;
using MedVision.Nn.Weights;

namespace MedVision.Training;

/// <summary>
/// Everything <see cref="Trainer.Fit"/> needs to continue a run exactly where it stopped: weights (with batch-norm
/// statistics), optimiser state, the position in the learning-rate schedule, the state of every random generator
/// (shuffling/sampling, augmentation, each dropout layer), the epoch, the history so far, the best weights with their
/// epoch and loss, and the early-stopping counter. Stored as one safetensors file: tensors under <c>model/</c>,
/// <c>optimizer/</c> and <c>best/</c>, the rest as JSON in the metadata, with the fingerprint of the settings and data
/// it belongs to. Written to a temporary name and renamed, so a killed process leaves the previous checkpoint intact.
/// </summary>
public sealed record TrainingCheckpoint
{
    /// <summary>The file name inside a checkpoint folder.</summary>
    public const string FileName = "checkpoint.safetensors";

    private const string StateKey = "medvision.training_state";
    private const string OptimizerMetaPrefix = "optimizer.";

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>SHA-256 (hex) of the trainer settings, initial weights and data the run started from.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Epochs completed (the next epoch to train, counted from 0).</summary>
    public required int Epoch { get; init; }

    /// <summary>Optimiser steps taken so far (the schedule's position).</summary>
    public required int Step { get; init; }

    /// <summary>True once training is over (all epochs run or early stopping triggered).</summary>
    public required bool Stopped { get; init; }

    /// <summary>The head's learning rate in use (the configured one or the finder's suggestion).</summary>
    public required double LearningRate { get; init; }

    public required IReadOnlyList<EpochReport> History { get; init; }

    /// <summary>The learning-rate finder's curve, when it ran.</summary>
    public LrFinderResult? LrFinder { get; init; }

    /// <summary>Index of the best epoch so far; −1 when none.</summary>
    public required int BestEpoch { get; init; }

    public required double BestLoss { get; init; }

    /// <summary>Epochs since the best one (the early-stopping counter).</summary>
    public required int EpochsSinceBest { get; init; }

    /// <summary>Generator states by role (<c>sampling</c>, <c>augment</c>, <c>dropout.0</c>, …).</summary>
    public required IReadOnlyDictionary<string, ulong[]> Generators { get; init; }

    /// <summary>The current weights and buffers.</summary>
    [JsonIgnore]
    public WeightDict Model { get; init; } = new();

    /// <summary>The optimiser's <see cref="Nn.Optim.Optimizer.StateDict"/>.</summary>
    [JsonIgnore]
    public WeightDict Optimizer { get; init; } = new();

    /// <summary>The best weights so far; null when none.</summary>
    [JsonIgnore]
    public WeightDict? Best { get; init; }

    /// <summary>Writes the checkpoint to <paramref name="path"/> through a temporary file and an atomic rename.</summary>
    public void Write(string path)
    {
        var file = new WeightDict();
        Copy(Model, "model/", file);
        Copy(Optimizer, "optimizer/", file);
        if (Best is not null)
        {
            Copy(Best, "best/", file);
        }

        foreach (var (key, value) in Optimizer.Metadata)
        {
            file.Metadata[OptimizerMetaPrefix + key] = value;
        }

        file.Metadata[StateKey] = JsonSerializer.Serialize(this, Json);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        SafeTensors.Write(temporary, file);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a checkpoint written by <see cref="Write"/>; a file of another kind is a <see cref="CheckpointException"/>.</summary>
    public static TrainingCheckpoint Read(string path)
    {
        var file = SafeTensors.Read(path);
        if (!file.Metadata.TryGetValue(StateKey, out var json))
        {
            throw new CheckpointException($"{path}: not a training checkpoint (no '{StateKey}' metadata)");
        }

        TrainingCheckpoint? state;
        try
        {
            state = JsonSerializer.Deserialize<TrainingCheckpoint>(json, Json);
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path}: unreadable training state: {e.Message}");
        }

        if (state is null)
        {
            throw new CheckpointException($"{path}: empty training state");
        }

        var optimizer = Part(file, "optimizer/");
        foreach (var (key, value) in file.Metadata.Where(m => m.Key.StartsWith(OptimizerMetaPrefix, StringComparison.Ordinal)))
        {
            optimizer.Metadata[key[OptimizerMetaPrefix.Length..]] = value;
        }

        var best = Part(file, "best/");
        return state with { Model = Part(file, "model/"), Optimizer = optimizer, Best = best.Count > 0 ? best : null };
    }

    private static void Copy(WeightDict source, string prefix, WeightDict destination)
    {
        foreach (var (name, tensor) in source)
        {
            destination.Add(prefix + name, tensor);
        }
    }

    private static WeightDict Part(WeightDict file, string prefix)
    {
        var part = new WeightDict();
        foreach (var (name, tensor) in file.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            part.Add(name[prefix.Length..], tensor);
        }

        return part;
    }
}
