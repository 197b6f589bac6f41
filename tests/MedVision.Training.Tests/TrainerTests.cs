using System.Text.Json;
using MedVision.Data.Synthetic;
using MedVision.Nn;
using MedVision.Nn.Weights;
using MedVision.Nn.Zoo;
using MedVision.Tensors;

namespace MedVision.Training.Tests;

public sealed class TrainerTests : IDisposable
{
    private static readonly Lazy<(TensorSet Train, TensorSet Validation)> Data = new(() =>
    {
        var phantom = MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 8, PatchesPerRegion = 2, Size = 32, Seed = 3 });
        TensorSet Set(Func<int, bool> keep)
        {
            var chosen = phantom.Where((_, i) => keep(i)).ToList();
            return TensorSet.From([.. chosen.Select(p => p.Image)], [.. chosen.Select(p => p.Sample.Label)], 1f / 255);
        }

        return (Set(i => i % 4 != 0), Set(i => i % 4 == 0));
    });

    private readonly string _folder = Directory.CreateTempSubdirectory("mv-trainer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Module NewModel() => ModelZoo.Create("seed-cnn", 1, 32, 32, outputs: 1, seed: 7);

    private static readonly TrainerOptions FineTune = new()
    {
        Epochs = 3,
        FreezeEpochs = 1,
        BatchSize = 8,
        Schedule = new ScheduleFactory.OneCycle(),
        LrRatio = 10,
        ClipGradNorm = 1,
        Seed = 11,
    };

    private static readonly Action<Span<float>, Generator> Augment = (sample, g) => Augmentations.KerasSeed000(sample, 32, 32, g);

    private static byte[] Weights(Module model) => SafeTensors.ToBytes(model.StateDict());

    [Fact]
    public void Interrupted_ThenResumed_EndsWithTheSameWeightsByteForByte()
    {
        var (train, validation) = Data.Value;
        var straight = NewModel();
        var expected = new Trainer(straight, FineTune).Fit(train, validation, Augment);

        var options = FineTune with { CheckpointDirectory = Path.Combine(_folder, "run") };
        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress(e =>
        {
            if (e.Epoch == 2)
            {
                stop.Cancel();
            }
        });
        Assert.Throws<OperationCanceledException>(() => new Trainer(NewModel(), options).Fit(train, validation, Augment, progress, stop.Token));
        var checkpoint = TrainingCheckpoint.Read(Path.Combine(options.CheckpointDirectory, TrainingCheckpoint.FileName));
        Assert.Equal(2, checkpoint.Epoch);

        // A fresh process would start from a freshly built network, as here.
        var resumedModel = NewModel();
        var resumed = new Trainer(resumedModel, options).Fit(train, validation, Augment);

        Assert.Equal(Weights(straight), Weights(resumedModel));
        Assert.Equal(expected.TrainLoss, resumed.TrainLoss);
        Assert.Equal(expected.ValidationLoss, resumed.ValidationLoss);
        Assert.Equal(expected.BestEpoch, resumed.BestEpoch);
        Assert.Equal(4, resumed.TrainLoss.Count);
    }

    [Fact]
    public void Checkpoint_OfOtherSettings_IsRefused()
    {
        var (train, validation) = Data.Value;
        var options = new TrainerOptions { Epochs = 1, BatchSize = 16, CheckpointDirectory = _folder };
        new Trainer(NewModel(), options).Fit(train, validation);

        var e = Assert.Throws<CheckpointException>(() => new Trainer(NewModel(), options with { LearningRate = 1e-2 }).Fit(train, validation));
        Assert.Contains(TrainingCheckpoint.FileName, e.Message, StringComparison.Ordinal);
        Assert.Contains("other training settings", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FreezeEpochs_TrainOnlyTheHead()
    {
        var (train, validation) = Data.Value;
        var model = NewModel();
        var before = model.StateDict();
        var options = FineTune with { CheckpointDirectory = _folder };
        using var stop = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() =>
            new Trainer(model, options).Fit(train, validation, progress: new SynchronousProgress(_ => stop.Cancel()), cancellationToken: stop.Token));

        var after = TrainingCheckpoint.Read(Path.Combine(_folder, TrainingCheckpoint.FileName)).Model;
        foreach (var (name, w) in before)
        {
            var changed = !w.Values.AsSpan().SequenceEqual(after[name].Values);
            Assert.True(changed == name.StartsWith("20.", StringComparison.Ordinal), $"{name} changed: {changed}");
        }

        Assert.All(model.Parameters(), p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void DiscriminativeRates_AreSpacedGeometricallyFromLrOverRatioToLr()
    {
        var (train, _) = Data.Value;
        var options = new TrainerOptions { Epochs = 1, BatchSize = 16, LearningRate = 1e-3, LrRatio = 100, CheckpointDirectory = _folder };
        new Trainer(NewModel(), options).Fit(train, null);

        var meta = TrainingCheckpoint.Read(Path.Combine(_folder, TrainingCheckpoint.FileName)).Optimizer.Metadata["param_groups"];
        var rates = JsonSerializer.Deserialize<List<Dictionary<string, double>>>(meta)!.Select(g => g["lr"]).ToArray();
        Assert.Equal(7, rates.Length); // four convolutions and three linear layers
        for (var i = 0; i < rates.Length; i++)
        {
            Assert.Equal(1e-5 * Math.Pow(100, i / 6.0), rates[i], 1e-12);
        }
    }

    [Fact]
    public void LrFind_ReturnsTheCurve_AndTrainsAtItsSuggestion_WithoutTouchingTheStart()
    {
        var (train, validation) = Data.Value;
        var options = new TrainerOptions { Epochs = 1, BatchSize = 8, LrFind = true, Seed = 2 };
        var history = new Trainer(NewModel(), options).Fit(train, validation);

        var finder = Assert.IsType<Nn.Schedules.LrFinderResult>(history.LrFinder);
        Assert.True(finder.Losses.Count > 10, $"{finder.Losses.Count} points");
        Assert.Equal(finder.SuggestedLr, history.LearningRate);

        // The sweep runs on a copy: training at the suggested rate from the start gives the same weights.
        var withFinder = NewModel();
        new Trainer(withFinder, options).Fit(train, validation);
        var direct = NewModel();
        new Trainer(direct, options with { LrFind = false, LearningRate = finder.SuggestedLr }).Fit(train, validation);
        Assert.Equal(Weights(direct), Weights(withFinder));
    }

    [Fact]
    public void BalancedSampling_DrawsBothClassesEquallyOften()
    {
        // 3 positives among 24: a shuffled epoch holds 3; balanced draws hold about 12.
        var images = Enumerable.Range(0, 24).Select(i => new Imaging.Image(1, 4, 4, Enumerable.Repeat((float)i, 16).ToArray())).ToList();
        var labels = Enumerable.Range(0, 24).Select(i => i < 3 ? 1 : 0).ToList();
        var set = TensorSet.From(images, labels, 1);
        var drawn = new List<int>();
        var model = new Sequential(new Flatten(), new Linear(16, 1, generator: new Generator(1)));
        var options = new TrainerOptions { Epochs = 20, BatchSize = 24, Sampling = BatchSampling.Balanced };
        Action<Span<float>, Generator> record = (sample, _) => drawn.Add(labels[(int)sample[0]]);
        new Trainer(model, options).Fit(set, null, record);

        Assert.Equal(480, drawn.Count);
        Assert.InRange(drawn.Count(l => l == 1) / 480.0, 0.42, 0.58);
    }

    private sealed class SynchronousProgress(Action<EpochReport> report) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => report(value);
    }

    [Fact]
    public void Fingerprint_TellsAugmentationsApart()
    {
        var (train, validation) = Data.Value;
        string Of(string? augmentation) =>
            new Trainer(NewModel(), new TrainerOptions { Epochs = 1, Augmentation = augmentation }).Fingerprint(train, validation, augmentation is not null);

        Assert.NotEqual(Of("keras"), Of("dihedral"));
        Assert.NotEqual(Of("keras"), Of(null));
        Assert.Equal(Of("dihedral"), Of("dihedral"));
    }

    [Fact]
    public void MonitorAuc_KeepsTheEpochOfHighestValidationAuc_WhoseWeightsScoreThatAuc()
    {
        // Every third patch validates, so both classes are in it (the shared split validates on normal patches only).
        var phantom = MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 8, PatchesPerRegion = 2, Size = 32, Seed = 3 });
        TensorSet Set(bool validating)
        {
            var chosen = phantom.Where((_, i) => i % 3 == 0 == validating).ToList();
            return TensorSet.From([.. chosen.Select(p => p.Image)], [.. chosen.Select(p => p.Sample.Label)], 1f / 255);
        }

        var (train, validation) = (Set(false), Set(true));
        Assert.Equal(2, validation.Labels.Distinct().Count());
        var trainer = new Trainer(NewModel(), new TrainerOptions { Epochs = 5, BatchSize = 8, Monitor = TrainingMonitor.Auc, Seed = 11 });
        var history = trainer.Fit(train, validation);

        Assert.Equal(5, history.ValidationAuc.Count);
        Assert.All(history.ValidationAuc, a => Assert.InRange(a, 0, 1));
        var best = history.ValidationAuc.ToList().IndexOf(history.ValidationAuc.Max());
        Assert.Equal(best, history.BestEpoch);
        // The best epoch's weights are restored: scoring the validation set again gives the AUC recorded for that epoch.
        Assert.Equal(history.ValidationAuc[best], Evaluation.RocCurve.AucOnly(validation.Labels, trainer.PredictProba(validation)), 12);

        var byLoss = new Trainer(NewModel(), new TrainerOptions { Epochs = 5, BatchSize = 8, Seed = 11 }).Fit(train, validation);
        Assert.Equal(history.ValidationLoss, byLoss.ValidationLoss);
        Assert.Equal(byLoss.ValidationLoss.ToList().IndexOf(byLoss.ValidationLoss.Min()), byLoss.BestEpoch);
        Assert.Equal(history.ValidationAuc, byLoss.ValidationAuc);
    }

    [Fact]
    public void MonitorAuc_WithOneClassInValidation_IsAConfigError()
    {
        var (train, _) = Data.Value;
        var normals = MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 2, PatchesPerRegion = 2, Size = 32, Seed = 4 })
            .Where(p => p.Sample.Label == 0).ToList();
        var oneClass = TensorSet.From([.. normals.Select(p => p.Image)], [.. normals.Select(p => p.Sample.Label)], 1f / 255);
        var e = Assert.Throws<TrainingConfigException>(() => new Trainer(NewModel(), new TrainerOptions { Epochs = 1, Monitor = TrainingMonitor.Auc }).Fit(train, oneClass));
        Assert.Equal($"monitor auc needs at least two classes among the {normals.Count} validation samples; they are all class 0", e.Message);
    }
}
