using MedVision.Pipeline.Experiments;
using MedVision.Training;

namespace MedVision.Pipeline.Tests.Training;

public sealed class ExperimentCheckpointTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("mv-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private ExperimentConfig Config(string name, bool keep) => new()
    {
        Out = Path.Combine(_out, name),
        PhantomRegionsPerClass = 6,
        Protocol = new ProtocolConfig { Folds = 2 },
        Models = [new ModelConfig { Name = "seed-cnn", Epochs = 2, BatchSize = 8, Schedule = "cosine" }],
        Evaluation = new EvaluationConfig { Bootstrap = 0 },
        KeepCheckpoints = keep,
    };

    private static string Predictions(ExperimentConfig config, List<string>? lines = null)
    {
        var progress = lines is null ? null : new SynchronousProgress(lines.Add);
        ExperimentWriter.Write(new ExperimentRunner(config, progress).Run(), config.Out);
        return File.ReadAllText(Path.Combine(config.Out, "predictions.csv"));
    }

    [Fact]
    public void FinishedFolds_AreRecorded_AndARerunSkipsThemWithTheSamePredictions()
    {
        var config = Config("kept", keep: true);
        var first = Predictions(config);
        for (var k = 1; k <= 2; k++)
        {
            var folder = Path.Combine(config.Out, "checkpoints", "seed-cnn", $"fold-{k}");
            Assert.True(File.Exists(Path.Combine(folder, "fold.safetensors")), $"fold {k} has no record");
            Assert.False(File.Exists(Path.Combine(folder, TrainingCheckpoint.FileName)), $"fold {k} kept its training checkpoint");
        }

        var lines = new List<string>();
        var second = Predictions(config, lines);

        Assert.Equal(first, second);
        // Two folds and the bundle's refit on all images.
        Assert.Equal(3, lines.Count(l => l.Contains("already trained", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("epoch 1/", StringComparison.Ordinal));
    }

    [Fact]
    public void Checkpoints_AreRemovedAfterASuccessfulRun_UnlessKept()
    {
        var config = Config("removed", keep: false);
        Predictions(config);
        Assert.False(Directory.Exists(ExperimentRunner.CheckpointFolder(config)));
        Assert.True(File.Exists(Path.Combine(config.Out, "results.json")));
    }

    [Fact]
    public void FinishedFold_OfOtherSettings_IsRefused()
    {
        var config = Config("changed", keep: true);
        Predictions(config);
        var changed = config with { Models = [config.Models[0] with { LearningRate = 0.01 }] };

        var e = Assert.Throws<CheckpointException>(() => new ExperimentRunner(changed).Run());
        Assert.Contains("fold.safetensors was written for other training settings", e.Message, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
