using MedVision.Nn;
using MedVision.Tensors;

namespace MedVision.Training.Tests;

/// <summary>Every named trainer choice, from its one table: names, resolution, unknown names, training and fingerprints.</summary>
public sealed class TrainingChoicesTests
{
    private static readonly TensorSet Set = TensorSet.From(
        [.. Enumerable.Range(0, 12).Select(i => new Imaging.Image(1, 2, 2, [i % 3, (i * 5) % 7, 1, i % 2]))],
        [.. Enumerable.Range(0, 12).Select(i => i % 3)], 0.1f);

    public static TheoryData<string, string> Optimizers => Names(TrainingChoices.Optimizers);

    public static TheoryData<string, string> Schedules => Names(TrainingChoices.Schedules);

    public static TheoryData<string, string> Losses => Names(TrainingChoices.Losses);

    public static TheoryData<string, string> Samplings => Names(TrainingChoices.Samplings);

    public static TheoryData<string, string> Monitors => Names(TrainingChoices.Monitors);

    private static TheoryData<string, string> Names<T>(NamedTable<T> table)
        where T : notnull
    {
        var data = new TheoryData<string, string>();
        foreach (var choice in table.Choices)
        {
            data.Add(table.Setting, choice.Name);
        }

        return data;
    }

    private static NamedTable<object> Table(string setting) => setting switch
    {
        "optimizer" => Untyped(TrainingChoices.Optimizers),
        "schedule" => Untyped(TrainingChoices.Schedules),
        "loss" => Untyped(TrainingChoices.Losses),
        "monitor" => Untyped(TrainingChoices.Monitors),
        _ => Untyped(TrainingChoices.Samplings),
    };

    private static NamedTable<object> Untyped<T>(NamedTable<T> table)
        where T : notnull =>
        new(table.Setting, table.Choices.Select(c => new NamedChoice<object>(c.Name, c.Description, c.Value)));

    private static TrainerOptions With(string setting, string name) => setting switch
    {
        "optimizer" => new TrainerOptions { Optimizer = TrainingChoices.Optimizers.Get(name) },
        "schedule" => new TrainerOptions { Schedule = TrainingChoices.Schedules.Get(name) },
        "loss" => new TrainerOptions { Loss = TrainingChoices.Losses.Get(name), Classes = name == "cross_entropy" ? 3 : 0 },
        "monitor" => new TrainerOptions { Monitor = TrainingChoices.Monitors.Get(name) },
        _ => new TrainerOptions { Sampling = TrainingChoices.Samplings.Get(name) },
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    [MemberData(nameof(Schedules))]
    [MemberData(nameof(Losses))]
    [MemberData(nameof(Samplings))]
    [MemberData(nameof(Monitors))]
    public void EveryChoice_ResolvesByItsName_IsDescribed_AndTrainsAFiniteLoss(string setting, string name)
    {
        var table = Table(setting);
        Assert.Equal(name, table.NameOf(table.Get(name)));
        Assert.False(string.IsNullOrWhiteSpace(table.Choices.Single(c => c.Name == name).Description));
        switch (table.Get(name))
        {
            case OptimizerFactory o:
                Assert.Equal(name, o.Name);
                break;
            case ScheduleFactory s:
                Assert.Equal(name, s.Name);
                break;
            case LossFactory l:
                Assert.Equal(name, l.Name);
                break;
        }

        var options = With(setting, name) with { Epochs = 2, BatchSize = 4, LearningRate = 0.01, Seed = 1 };
        var outputs = options.IsMulticlass ? options.Classes : 1;
        var model = new Sequential(new Flatten(), new Linear(4, outputs, generator: new Generator(2)));
        var history = new Trainer(model, options).Fit(Set, null);
        Assert.All(history.TrainLoss, l => Assert.True(double.IsFinite(l), $"{setting} {name}: loss {l}"));
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    [MemberData(nameof(Schedules))]
    [MemberData(nameof(Losses))]
    [MemberData(nameof(Samplings))]
    [MemberData(nameof(Monitors))]
    public void UnknownName_IsAConfigError_ListingEveryKnownName(string setting, string name)
    {
        var table = Table(setting);
        var e = Assert.Throws<TrainingConfigException>(() => table.Get(name + "x"));
        Assert.Equal($"unknown {setting} '{name}x'; known: {string.Join(", ", table.Names)}", e.Message);
    }

    [Fact]
    public void Defaults_AreTheFirstChoiceOfEveryTable()
    {
        var options = new TrainerOptions();
        Assert.Equal("adam", TrainingChoices.Optimizers.NameOf(options.Optimizer));
        Assert.Equal("constant", TrainingChoices.Schedules.NameOf(options.Schedule));
        Assert.Equal("bce_with_logits", TrainingChoices.Losses.NameOf(options.Loss));
        Assert.Equal("shuffle", TrainingChoices.Samplings.NameOf(options.Sampling));
        Assert.Equal("loss", TrainingChoices.Monitors.NameOf(options.Monitor));
    }

    [Fact]
    public void Fingerprint_TellsParametersApart_ButNotTheirDefaultsWrittenOut()
    {
        var model = new Sequential(new Flatten(), new Linear(4, 1, generator: new Generator(2)));
        string Of(TrainerOptions options) => new Trainer(model, options).Fingerprint(Set, null, augmented: false);

        var plain = Of(new TrainerOptions { Optimizer = new OptimizerFactory.Sgd() });
        Assert.Equal(plain, Of(new TrainerOptions { Optimizer = new OptimizerFactory.Sgd(Momentum: 0.9) }));
        Assert.NotEqual(plain, Of(new TrainerOptions { Optimizer = new OptimizerFactory.Sgd(Momentum: 0.5) }));
        Assert.NotEqual(Of(new TrainerOptions { Schedule = new ScheduleFactory.Step(2) }), Of(new TrainerOptions { Schedule = new ScheduleFactory.Step(2, Gamma: 0.5) }));
        Assert.NotEqual(Of(new TrainerOptions()), Of(new TrainerOptions { RestoreBestWeights = false }));
        Assert.NotEqual(Of(new TrainerOptions()), Of(new TrainerOptions { Monitor = TrainingMonitor.Auc }));
        var multistep = Of(new TrainerOptions { Schedule = new ScheduleFactory.MultiStep() });
        Assert.Equal(multistep, Of(new TrainerOptions { Schedule = new ScheduleFactory.MultiStep(Gamma: 0.1) }));
        Assert.NotEqual(multistep, Of(new TrainerOptions { Schedule = new ScheduleFactory.MultiStep([50, 75]) }));
        Assert.Equal(
            Of(new TrainerOptions { Schedule = new ScheduleFactory.MultiStep([50, 75]) }),
            Of(new TrainerOptions { Schedule = new ScheduleFactory.MultiStep(new List<int> { 50, 75 }) }));
        Assert.NotEqual(
            Of(new TrainerOptions { Schedule = new ScheduleFactory.MultiStep([50, 75]) }),
            Of(new TrainerOptions { Schedule = new ScheduleFactory.MultiStep([50, 80]) }));
    }

    [Fact]
    public void MultiStep_DecaysAtItsMilestoneEpochs_ByDefaultAtHalfAndThreeQuartersOfThePhase()
    {
        // MedMNIST v2: 100 epochs, MultiStepLR(milestones=[50, 75], gamma=0.1) stepped once per epoch; here 3 batches an epoch.
        var schedule = new ScheduleFactory.MultiStep().Create(100, 3)!;
        Assert.Equal(1e-3, schedule.LearningRate((50 * 3) - 1, 1e-3), 15);
        Assert.Equal(1e-4, schedule.LearningRate(50 * 3, 1e-3), 15);
        Assert.Equal(1e-4, schedule.LearningRate((75 * 3) - 1, 1e-3), 15);
        Assert.Equal(1e-5, schedule.LearningRate(75 * 3, 1e-3), 15);
        Assert.Equal(1e-5, schedule.LearningRate((100 * 3) - 1, 1e-3), 15);

        var own = new ScheduleFactory.MultiStep([2, 5], Gamma: 0.5).Create(10, 4)!;
        Assert.Equal([1, 1, 0.5, 0.5, 0.5, 0.25, 0.25], Enumerable.Range(0, 7).Select(e => own.LearningRate(e * 4, 1)));
        Assert.Equal([50, 75], new ScheduleFactory.MultiStep().MilestonesFor(100));
    }

    [Theory]
    [InlineData(new int[0], 0.1)]
    [InlineData(new[] { 0, 3 }, 0.1)]
    [InlineData(new[] { 3 }, 0.0)]
    public void MultiStep_OutOfRange_IsRefusedByTheTrainer(int[] milestones, double gamma)
    {
        var e = Assert.Throws<ArgumentException>(() => new Trainer(new Linear(4, 1), new TrainerOptions { Schedule = new ScheduleFactory.MultiStep(milestones, gamma) }));
        Assert.Contains("multistep schedule needs one or more milestones ≥ 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loss_ForClasses_KeepsTheClassWeighting()
    {
        Assert.Equal(new LossFactory.CrossEntropy(BalanceClasses: true), new LossFactory.BinaryCrossEntropy(BalanceClasses: true).ForClasses(4));
        Assert.Equal(new LossFactory.BinaryCrossEntropy(BalanceClasses: true), new LossFactory.CrossEntropy(BalanceClasses: true).ForClasses(2));
        var smoothed = new LossFactory.CrossEntropy(LabelSmoothing: 0.1);
        Assert.Same(smoothed, smoothed.ForClasses(2));
        var e = Assert.Throws<ArgumentException>(() => new Trainer(new Linear(4, 3), new TrainerOptions { Classes = 3 }));
        Assert.Contains("need cross_entropy", e.Message, StringComparison.Ordinal);
    }
}
