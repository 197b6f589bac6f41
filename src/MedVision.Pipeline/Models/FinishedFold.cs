using System.Text.Json;
using System.Text.Json.Serialization;
using MedVision.Nn.Weights;
using MedVision.Training;

namespace MedVision.Pipeline.Models;

/// <summary>
/// What a CNN fold leaves in its checkpoint folder once trained (<c>fold.safetensors</c>): the final weights, the test
/// scores and the training history, with the trainer's fingerprint. A rerun of the same experiment finds it and
/// skips the fold instead of training it again.
/// </summary>
internal static class FinishedFold
{
    public const string FileName = "fold.safetensors";

    private const string RecordKey = "medvision.finished_fold";

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Writes the record atomically (temporary file, then rename).</summary>
    public static void Write(string folder, string fingerprint, double[] testScores, TrainingHistory history, WeightDict weights)
    {
        var file = new WeightDict();
        foreach (var (name, tensor) in weights)
        {
            file.Add(name, tensor);
        }

        file.Metadata[RecordKey] = JsonSerializer.Serialize(new Record(fingerprint, testScores, history), Json);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        SafeTensors.Write(path + ".tmp", file);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>The record in <paramref name="folder"/> when there is one for <paramref name="fingerprint"/>; null otherwise.</summary>
    public static (double[] TestScores, TrainingHistory History, WeightDict Weights)? TryRead(string folder, string fingerprint)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var file = SafeTensors.Read(path);
        if (!file.Metadata.TryGetValue(RecordKey, out var json))
        {
            throw new Training.CheckpointException($"{path}: not a finished-fold record (no '{RecordKey}' metadata)");
        }

        var record = JsonSerializer.Deserialize<Record>(json, Json)
            ?? throw new Training.CheckpointException($"{path}: empty finished-fold record");
        if (record.Fingerprint != fingerprint)
        {
            throw new Training.CheckpointException(
                $"{path} was written for other training settings, initial weights or data; delete {folder} or write to another folder");
        }

        return (record.TestScores, record.History, file);
    }

    private sealed record Record(string Fingerprint, double[] TestScores, TrainingHistory History);
}
