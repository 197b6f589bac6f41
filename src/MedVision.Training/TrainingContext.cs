using MedVision.Nn;
using MedVision.Nn.Losses;
using MedVision.Nn.Optim;
using MedVision.Nn.Schedules;
using MedVision.Nn.Weights;
using MedVision.Tensors;

namespace MedVision.Training;

/// <summary>
/// The state of one <see cref="Trainer.Fit"/> call, as its callbacks see it: the model and settings, the data, the
/// phases, where the run stands (epoch, step, history) and the best epoch so far. The trainer updates it; callbacks read
/// it, and may change <see cref="LearningRate"/> and <see cref="LrFinder"/> before the first epoch.
/// </summary>
public sealed class TrainingContext
{
    private readonly Trainer _trainer;
    private readonly List<EpochReport> _history = [];
    private readonly HashSet<Parameter> _head;
    private TrainingCheckpoint? _resumed;

    internal TrainingContext(Trainer trainer, Module model, TrainerOptions options, TensorSet train, TensorSet? validation,
        Action<Span<float>, Generator>? augment, string fingerprint, HashSet<Parameter> head, ILoss loss)
    {
        _trainer = trainer;
        Model = model;
        Options = options;
        Train = train;
        Validation = validation;
        Augment = augment;
        Fingerprint = fingerprint;
        _head = head;
        Loss = loss;
        Phases = TrainingPhase.FineTune(options.FreezeEpochs, options.Epochs);
        Phase = Phases[0];
        LearningRate = options.LearningRate;
        var root = new Generator((ulong)options.Seed);
        SamplingGenerator = root.Fork();
        AugmentGenerator = root.Fork();
        FinderGenerator = root.Fork();
        Dropouts = [.. model.NamedModules().Select(m => m.Value).OfType<Dropout>().Select(d => d.Generator).Distinct(ReferenceEqualityComparer.Instance).Cast<Generator>()];
        Trainable = [.. model.Parameters().Where(p => p.RequiresGrad)];
    }

    /// <summary>The network being trained.</summary>
    public Module Model { get; }

    /// <summary>The trainer's settings.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The training set.</summary>
    public TensorSet Train { get; }

    /// <summary>The validation set; null when none was given (the training loss is then monitored).</summary>
    public TensorSet? Validation { get; }

    /// <summary>The <see cref="Trainer.Fingerprint"/> of this run.</summary>
    public string Fingerprint { get; }

    /// <summary>The run's phases, in order (<see cref="TrainingPhase.FineTune"/>).</summary>
    public IReadOnlyList<TrainingPhase> Phases { get; }

    /// <summary>The phase of the epoch being trained (or just trained).</summary>
    public TrainingPhase Phase { get; internal set; }

    /// <summary>Epochs of the whole run, every phase together.</summary>
    public int TotalEpochs => Phases.Sum(p => p.Epochs);

    /// <summary>Epochs completed.</summary>
    public int Epoch { get; internal set; }

    /// <summary>Optimiser steps taken (the schedule's position over the run).</summary>
    public int Step { get; internal set; }

    /// <summary>The head's learning rate of the run: the configured one, or what a callback set in <see cref="ITrainingCallback.OnTrainBegin"/>.</summary>
    public double LearningRate { get; set; }

    /// <summary>The learning-rate finder's curve, when one ran (or the resumed run's).</summary>
    public LrFinderResult? LrFinder { get; set; }

    /// <summary>Every epoch's report so far (a resumed run's included).</summary>
    public IReadOnlyList<EpochReport> History => _history;

    /// <summary>Index (from 0) of the epoch with the lowest monitored loss so far; −1 before the first.</summary>
    public int BestEpoch { get; internal set; } = -1;

    /// <summary>The lowest monitored loss so far (validation loss, else training loss).</summary>
    public double BestLoss { get; internal set; } = double.PositiveInfinity;

    /// <summary>Epochs since <see cref="BestEpoch"/>.</summary>
    public int EpochsSinceBest { get; internal set; }

    /// <summary>The weights of <see cref="BestEpoch"/>; null before the first epoch.</summary>
    public WeightDict? BestWeights { get; internal set; }

    /// <summary>Whether the run was resumed from a checkpoint in this call.</summary>
    public bool IsResumed => _resumed is not null;

    /// <summary>Whether the current epoch is the last: the final one, or a callback asked to stop.</summary>
    public bool Stopping { get; internal set; }

    internal ILoss Loss { get; }

    internal Action<Span<float>, Generator>? Augment { get; }

    internal Generator SamplingGenerator { get; }

    internal Generator AugmentGenerator { get; }

    internal Generator FinderGenerator { get; }

    internal List<Generator> Dropouts { get; }

    internal List<Parameter> Trainable { get; }

    internal Optimizer? Optimizer { get; set; }

    internal void AddReport(EpochReport report) => _history.Add(report);

    /// <summary>Only the head trains (or every trainable parameter again).</summary>
    internal void SetHeadOnly(bool headOnly)
    {
        foreach (var p in Trainable)
        {
            p.RequiresGrad = !headOnly || _head.Contains(p);
        }
    }

    internal int[] Order(Generator generator) => _trainer.Order(Train, generator);

    internal double TrainStep(ReadOnlySpan<int> batch, Generator augmentGenerator, Optimizer optimizer, out int correct) =>
        _trainer.TrainStep(Train, batch, Augment, augmentGenerator, Loss, optimizer, out correct);

    /// <summary>Continues from <paramref name="checkpoint"/>: weights, generators, position, history and best epoch; the optimiser's state follows once it exists.</summary>
    internal void Resume(TrainingCheckpoint checkpoint)
    {
        _resumed = checkpoint;
        Model.LoadStateDict(checkpoint.Model);
        SamplingGenerator.SetState(checkpoint.Generators["sampling"]);
        AugmentGenerator.SetState(checkpoint.Generators["augment"]);
        for (var i = 0; i < Dropouts.Count; i++)
        {
            Dropouts[i].SetState(checkpoint.Generators[$"dropout.{i}"]);
        }

        _history.Clear();
        _history.AddRange(checkpoint.History);
        LrFinder = checkpoint.LrFinder;
        LearningRate = checkpoint.LearningRate;
        BestLoss = checkpoint.BestLoss;
        BestEpoch = checkpoint.BestEpoch;
        EpochsSinceBest = checkpoint.EpochsSinceBest;
        BestWeights = checkpoint.Best;
        Epoch = checkpoint.Epoch;
        Step = checkpoint.Step;
        Stopping = checkpoint.Stopped;
    }

    /// <summary>The optimiser state of the resumed checkpoint, loaded into the run's optimiser.</summary>
    internal void ResumeOptimizer()
    {
        if (_resumed is not null)
        {
            Optimizer!.LoadStateDict(_resumed.Optimizer);
        }
    }

    /// <summary>Everything needed to continue the run from here.</summary>
    internal TrainingCheckpoint Snapshot()
    {
        var generators = new Dictionary<string, ulong[]>(StringComparer.Ordinal)
        {
            ["sampling"] = SamplingGenerator.GetState(),
            ["augment"] = AugmentGenerator.GetState(),
        };
        for (var i = 0; i < Dropouts.Count; i++)
        {
            generators[$"dropout.{i}"] = Dropouts[i].GetState();
        }

        return new TrainingCheckpoint
        {
            Fingerprint = Fingerprint,
            Epoch = Epoch,
            Step = Step,
            Stopped = Stopping,
            LearningRate = LearningRate,
            History = [.. _history],
            LrFinder = LrFinder,
            BestEpoch = BestEpoch,
            BestLoss = BestLoss,
            EpochsSinceBest = EpochsSinceBest,
            Generators = generators,
            Model = Model.StateDict(),
            Optimizer = Optimizer!.StateDict(),
            Best = BestWeights,
        };
    }
}
