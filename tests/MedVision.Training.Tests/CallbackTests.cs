using MedVision.Nn;
using MedVision.Nn.Weights;
using MedVision.Tensors;

namespace MedVision.Training.Tests;

/// <summary>Callbacks of the trainer: the user's own, their order around the built-in ones, and early stopping's weights.</summary>
public sealed class CallbackTests : IDisposable
{
    private static readonly TensorSet Set = TensorSet.From(
        [.. Enumerable.Range(0, 16).Select(i => new Imaging.Image(1, 2, 2, [i % 2, (i * 5) % 7 / 7f, 1, (i % 4) / 4f]))],
        [.. Enumerable.Range(0, 16).Select(i => i % 2)], 1);

    /// <summary>The same images with the other label: what improves on <see cref="Set"/> worsens here.</summary>
    private static readonly TensorSet Flipped = TensorSet.From(
        [.. Enumerable.Range(0, 16).Select(i => new Imaging.Image(1, 2, 2, [.. Set.Sample(i)]))],
        [.. Enumerable.Range(0, 16).Select(i => 1 - (i % 2))], 1);

    private readonly string _folder = Directory.CreateTempSubdirectory("mv-callbacks-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Module Model() => new Sequential(new Flatten(), new Linear(4, 1, generator: new Generator(3)));

    private static byte[] Weights(Module model) => SafeTensors.ToBytes(model.StateDict());

    /// <summary>Records what it is told, and stops after <see cref="StopAfter"/> epochs.</summary>
    private sealed class Recorder(string? checkpoint = null) : ITrainingCallback
    {
        public List<string> Calls { get; } = [];

        public int StopAfter { get; init; } = int.MaxValue;

        public double? SetLearningRate { get; init; }

        public void OnTrainBegin(TrainingContext context)
        {
            Calls.Add($"begin {context.Epoch}/{context.TotalEpochs}");
            if (SetLearningRate is { } lr)
            {
                context.LearningRate = lr;
            }
        }

        public EpochDecision OnEpochEnd(TrainingContext context, EpochReport report)
        {
            // The checkpoint of this epoch is written after every other callback.
            var written = checkpoint is not null && File.Exists(checkpoint) ? TrainingCheckpoint.Read(checkpoint).Epoch : 0;
            Calls.Add($"epoch {report.Epoch} best {context.BestEpoch} checkpoint {written}");
            return report.Epoch >= StopAfter ? EpochDecision.Stop : EpochDecision.Continue;
        }

        public void OnTrainEnd(TrainingContext context) => Calls.Add($"end {context.History.Count}");
    }

    [Fact]
    public void OwnCallback_IsCalledInOrder_CanStop_AndTheCheckpointRecordsTheStop()
    {
        var path = Path.Combine(_folder, TrainingCheckpoint.FileName);
        var recorder = new Recorder(path) { StopAfter = 2 };
        var options = new TrainerOptions { Epochs = 5, BatchSize = 4, LearningRate = 0.1, CheckpointDirectory = _folder, Callbacks = [recorder] };
        var history = new Trainer(Model(), options).Fit(Set, Set);

        Assert.Equal(2, history.TrainLoss.Count);
        Assert.Equal(["begin 0/5", "epoch 1 best 0 checkpoint 0", $"epoch 2 best {history.BestEpoch} checkpoint 1", "end 2"], recorder.Calls);
        var checkpoint = TrainingCheckpoint.Read(path);
        Assert.True(checkpoint.Stopped);
        Assert.Equal(2, checkpoint.Epoch);

        // The stopped run is resumed as finished: nothing more is trained.
        var again = new Recorder(path);
        var resumed = new Trainer(Model(), options with { Callbacks = [again] }).Fit(Set, Set);
        Assert.Equal(history.TrainLoss, resumed.TrainLoss);
        Assert.Equal(["begin 2/5", "end 2"], again.Calls);
    }

    [Fact]
    public void LearningRate_SetAtTheStart_IsWhatTheRunTrainsAt()
    {
        var options = new TrainerOptions { Epochs = 2, BatchSize = 4, Seed = 4 };
        var set = Model();
        var history = new Trainer(set, options with { Callbacks = [new Recorder { SetLearningRate = 0.05 }] }).Fit(Set, null);
        var direct = Model();
        new Trainer(direct, options with { LearningRate = 0.05 }).Fit(Set, null);

        Assert.Equal(0.05, history.LearningRate);
        Assert.Equal(Weights(direct), Weights(set));
    }

    [Fact]
    public void RestoreBestWeights_Off_KeepsTheLastEpochsWeights()
    {
        // Validated on the flipped labels, the loss climbs as training learns, so the best epoch is not the last.
        var options = new TrainerOptions { Epochs = 4, BatchSize = 16, LearningRate = 0.5, Optimizer = new OptimizerFactory.Sgd(Momentum: 0), Seed = 1 };
        var last = Model();
        var lastHistory = new Trainer(last, options with { RestoreBestWeights = false, CheckpointDirectory = _folder }).Fit(Set, Flipped);
        var lastEpoch = TrainingCheckpoint.Read(Path.Combine(_folder, TrainingCheckpoint.FileName)).Model;
        var best = Model();
        var bestHistory = new Trainer(best, options).Fit(Set, Flipped);

        Assert.Equal(lastHistory.ValidationLoss, bestHistory.ValidationLoss);
        Assert.NotEqual(3, bestHistory.BestEpoch);
        Assert.Equal(SafeTensors.ToBytes(lastEpoch), Weights(last));
        Assert.NotEqual(Weights(last), Weights(best));
    }

    [Fact]
    public void EarlyStopping_WaitsOutTheHeadOnlyPhase_ThenStopsAfterPatienceEpochsWithoutImprovement()
    {
        var options = new TrainerOptions { FreezeEpochs = 2, Epochs = 6, BatchSize = 16, LearningRate = 0.5, Optimizer = new OptimizerFactory.Sgd(Momentum: 0), Patience = 1 };
        var history = new Trainer(Model(), options).Fit(Set, Flipped);
        var all = new Trainer(Model(), options with { Patience = 0 }).Fit(Set, Flipped);

        // Replay the rule on the full run's validation losses: the first unfrozen epoch that is 1 past the best is the last.
        var (best, since, expected) = (double.PositiveInfinity, 0, all.ValidationLoss.Count);
        for (var e = 0; e < all.ValidationLoss.Count; e++)
        {
            (best, since) = all.ValidationLoss[e] < best ? (all.ValidationLoss[e], 0) : (best, since + 1);
            if (e >= 2 && since >= 1)
            {
                expected = e + 1;
                break;
            }
        }

        Assert.True(expected < 8, "the flipped validation loss should stop the run early");
        Assert.Equal(expected, history.ValidationLoss.Count);
        Assert.Equal(all.ValidationLoss.Take(expected), history.ValidationLoss);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(-1));
    }
}
