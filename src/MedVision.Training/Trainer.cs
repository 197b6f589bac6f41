using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using MedVision.Evaluation;
using MedVision.Nn;
using MedVision.Nn.Losses;
using MedVision.Nn.Optim;
using MedVision.Nn.Schedules;
using MedVision.Tensors;
using MedVision.Tensors.Autograd;

namespace MedVision.Training;

/// <summary>
/// Trains a classifier network, binary (one logit output) or K-class (K logits, <see cref="TrainerOptions.Classes"/> ≥ 3),
/// with the loss, optimiser and learning-rate schedule its <see cref="TrainerOptions"/> choose: shuffled (or
/// class-balanced) mini-batches, optional on-the-fly augmentation, the schedule stepped per batch within each
/// <see cref="TrainingPhase"/> (head-only epochs before unfreezing), discriminative rates, gradient clipping, validation
/// and best-epoch tracking each epoch, stop on a non-finite loss. The rest are callbacks (<see cref="ITrainingCallback"/>):
/// <see cref="LrFinder"/>, <see cref="EarlyStopping"/> and the resumable <see cref="Checkpoint"/> from the options, then
/// <see cref="TrainerOptions.Callbacks"/>. Deterministic for a seed and thread count, whether a run is resumed or not.
/// </summary>
public sealed class Trainer
{
    private readonly Module _model;
    private readonly TrainerOptions _options;

    /// <summary>A trainer of <paramref name="model"/>; throws <see cref="ArgumentException"/> naming a setting out of range.</summary>
    public Trainer(Module model, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.FreezeEpochs);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Patience);
        ArgumentNullException.ThrowIfNull(options.Optimizer);
        ArgumentNullException.ThrowIfNull(options.Schedule);
        ArgumentNullException.ThrowIfNull(options.Loss);
        ArgumentNullException.ThrowIfNull(options.Callbacks);
        if (!Enum.IsDefined(options.Sampling))
        {
            throw new ArgumentException($"sampling must be {string.Join(" or ", TrainingChoices.Samplings.Names)}, got {options.Sampling}", nameof(options));
        }

        if (!Enum.IsDefined(options.Monitor))
        {
            throw new ArgumentException($"monitor must be {string.Join(" or ", TrainingChoices.Monitors.Names)}, got {options.Monitor}", nameof(options));
        }

        if (!(options.LearningRate > 0) || !(options.LrRatio >= 1) || !(options.ClipGradNorm >= 0))
        {
            throw new ArgumentException($"learning rate must be > 0, lr ratio ≥ 1 and clip norm ≥ 0; got {options.LearningRate}, {options.LrRatio} and {options.ClipGradNorm}", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.Classes);
        options.Schedule.Validate();
        options.Loss.Validate(Math.Max(options.Classes, 2));
        _model = model;
        _options = options;
    }

    /// <summary>The checkpoint file <see cref="Fit"/> writes and resumes from; null without a checkpoint folder.</summary>
    public string? CheckpointPath =>
        _options.CheckpointDirectory is { } folder ? new Checkpoint(folder).Path : null;

    /// <summary>
    /// Fits on <paramref name="train"/>; <paramref name="validation"/> (may be null) drives early stopping and the best-epoch
    /// choice. <paramref name="augment"/> transforms one (C, H, W) sample in place given a generator. With a checkpoint
    /// folder, a checkpoint there is resumed (it must have the same <see cref="Fingerprint"/>, else
    /// <see cref="CheckpointException"/>) and a new one is written after every epoch. <paramref name="cancellationToken"/>
    /// is honoured between batches; the last checkpoint is left for the next call.
    /// </summary>
    public TrainingHistory Fit(TensorSet train, TensorSet? validation, Action<Span<float>, Generator>? augment = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (_options.Monitor == TrainingMonitor.Auc && validation is not null && validation.Labels.Distinct().Count() < 2)
        {
            throw new TrainingConfigException(
                $"monitor auc needs at least two classes among the {validation.Count} validation samples; they are all class {validation.Labels.FirstOrDefault()}");
        }

        var fingerprint = Fingerprint(train, validation, augment is not null);
        var head = HeadParameters();
        var context = new TrainingContext(this, _model, _options, train, validation, augment, fingerprint, head,
            _options.Loss.Create(train, Math.Max(_options.Classes, 2)));
        var groups = LayerGroups(context.Trainable);
        var multipliers = Enumerable.Range(0, groups.Count)
            .Select(i => groups.Count == 1 ? 1 : Math.Pow(_options.LrRatio, (double)(i - (groups.Count - 1)) / (groups.Count - 1))).ToArray();
        var stepsPerEpoch = (train.Count + _options.BatchSize - 1) / _options.BatchSize;

        // Checkpoints restore before every other callback and record after all of them, so they see every decision.
        var callbacks = Callbacks();
        var checkpoints = callbacks.OfType<Checkpoint>().ToList();
        var others = callbacks.Where(c => c is not Checkpoint).ToList();
        foreach (var callback in checkpoints.Concat(others))
        {
            callback.OnTrainBegin(context);
        }

        context.Optimizer = _options.Optimizer.Create([.. groups.Select(g => new ParamGroup(g))], context.LearningRate);
        context.ResumeOptimizer();
        var optimizer = context.Optimizer;
        try
        {
            for (var epoch = context.Epoch; epoch < context.TotalEpochs && !context.Stopping; epoch++)
            {
                var watch = Stopwatch.StartNew();
                var phase = context.Phases.Last(p => p.FirstEpoch <= epoch);
                context.Phase = phase;
                context.SetHeadOnly(phase.HeadOnly);
                var schedule = _options.Schedule.Create(phase.Epochs, stepsPerEpoch);
                var baseLr = context.LearningRate * phase.LrFactor;
                _model.Train();
                var order = Order(train, context.SamplingGenerator);
                double lossSum = 0;
                var correct = 0;
                for (var b = 0; b < stepsPerEpoch; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var phaseStep = ((epoch - phase.FirstEpoch) * stepsPerEpoch) + b;
                    for (var g = 0; g < groups.Count; g++)
                    {
                        var groupLr = phase.HeadOnly ? baseLr : baseLr * multipliers[g];
                        optimizer.ParamGroups[g].Lr = schedule?.LearningRate(phaseStep, groupLr) ?? groupLr;
                        if (schedule is OneCycleLR cycle)
                        {
                            optimizer.ParamGroups[g].Momentum = cycle.Momentum(phaseStep);
                        }
                    }

                    var batch = order.AsSpan(b * _options.BatchSize, Math.Min(_options.BatchSize, order.Length - (b * _options.BatchSize)));
                    var value = TrainStep(train, batch, augment, context.AugmentGenerator, context.Loss, optimizer, out var batchCorrect);
                    if (!double.IsFinite(value))
                    {
                        throw new TrainingDivergedException($"the training loss became {value} in epoch {epoch + 1}; lower the learning rate");
                    }

                    context.Step++;
                    lossSum += value * batch.Length;
                    correct += batchCorrect;
                }

                var (valLoss, valAccuracy, valAuc) = validation is null ? (double.NaN, double.NaN, double.NaN) : Score(validation);
                var report = new EpochReport(epoch + 1, context.TotalEpochs, lossSum / train.Count, (double)correct / train.Count, valLoss, valAccuracy, watch.Elapsed.TotalSeconds)
                {
                    ValidationAuc = valAuc,
                };
                context.AddReport(report);
                context.Epoch = epoch + 1;
                // Lower is better: the loss, or the AUC negated.
                var monitored = validation is null ? report.TrainLoss : _options.Monitor == TrainingMonitor.Auc ? -valAuc : valLoss;
                if (monitored < context.BestLoss)
                {
                    context.BestLoss = monitored;
                    context.BestEpoch = epoch;
                    context.BestWeights = _model.StateDict();
                    context.EpochsSinceBest = 0;
                }
                else
                {
                    context.EpochsSinceBest++;
                }

                context.Stopping = epoch + 1 == context.TotalEpochs;
                foreach (var callback in others.Concat(checkpoints))
                {
                    // A checkpoint writes even when an earlier callback stopped the run: it records that it stopped.
                    context.Stopping |= callback.OnEpochEnd(context, report) == EpochDecision.Stop;
                }

                progress?.Report(report);
            }
        }
        finally
        {
            context.SetHeadOnly(false);
        }

        foreach (var callback in checkpoints.Concat(others))
        {
            callback.OnTrainEnd(context);
        }

        var history = context.History;
        return new TrainingHistory(
            [.. history.Select(h => h.TrainLoss)], [.. history.Select(h => h.TrainAccuracy)],
            [.. history.Select(h => h.ValidationLoss)], [.. history.Select(h => h.ValidationAccuracy)],
            [.. history.Select(h => h.Seconds)], context.BestEpoch)
        {
            ValidationAuc = [.. history.Select(h => h.ValidationAuc)],
            LearningRate = context.LearningRate,
            LrFinder = context.LrFinder,
        };
    }

    /// <summary>The run's callbacks: the options' built-in ones (finder, early stopping, checkpoint), then the user's.</summary>
    private List<ITrainingCallback> Callbacks()
    {
        var callbacks = new List<ITrainingCallback>();
        if (_options.LrFind)
        {
            callbacks.Add(new LrFinder());
        }

        callbacks.Add(new EarlyStopping(_options.Patience, _options.RestoreBestWeights));
        if (_options.CheckpointDirectory is { } folder)
        {
            callbacks.Add(new Checkpoint(folder));
        }

        callbacks.AddRange(_options.Callbacks);
        return callbacks;
    }

    /// <summary>
    /// SHA-256 (hex) of what a run depends on: the settings (except the checkpoint folder), whether augmentation is on,
    /// the model's initial weights and which of them train, and the training and validation data. A checkpoint is
    /// resumed only by a run with the same fingerprint.
    /// </summary>
    public string Fingerprint(TensorSet train, TensorSet? validation, bool augmented)
    {
        ArgumentNullException.ThrowIfNull(train);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(SettingsFingerprint.Json(_options) + (augmented ? "+augment" : "")));
        foreach (var (name, p) in _model.NamedParameters())
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{name}:{p.RequiresGrad};"));
        }

        foreach (var (name, w) in _model.StateDict())
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{name}{w.ShapeText}"));
            hash.AppendData(MemoryMarshal.AsBytes(w.Values.AsSpan()));
        }

        train.AppendTo(hash);
        hash.AppendData("validation"u8);
        validation?.AppendTo(hash);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// In eval mode without gradients: binary, the probability of the positive class (sigmoid of the logit) for every
    /// sample; K classes, the softmax probabilities of every sample, N × K row-major.
    /// </summary>
    public double[] PredictProba(TensorSet data)
    {
        var logits = Logits(data);
        if (!_options.IsMulticlass)
        {
            return [.. logits.Select(l => 1 / (1 + Math.Exp(-l)))];
        }

        var k = _options.Classes;
        var probabilities = new double[logits.Length];
        for (var i = 0; i < data.Count; i++)
        {
            Nn.Softmax.Row(logits.AsSpan(i * k, k), probabilities.AsSpan(i * k, k));
        }

        return probabilities;
    }

    /// <summary>Arg-max of one sample's logits (first of tied maxima).</summary>
    private static int ArgMax(ReadOnlySpan<float> z)
    {
        var best = 0;
        for (var c = 1; c < z.Length; c++)
        {
            if (z[c] > z[best])
            {
                best = c;
            }
        }

        return best;
    }

    /// <summary>One forward/backward/update on <paramref name="batch"/>; returns the batch loss (NaN/∞ without updating).</summary>
    internal double TrainStep(TensorSet data, ReadOnlySpan<int> batch, Action<Span<float>, Generator>? augment, Generator augmentGenerator,
        ILoss loss, Optimizer optimizer, out int correct)
    {
        var (x, y) = data.Batch(batch, augment is null ? null : (sample, _) => augment(sample, augmentGenerator));
        optimizer.ZeroGrad();

        // The step's activations go back to the pool at its end, so every step reuses the same buffers.
        using var scope = TensorScope.Begin();
        var output = _model.Forward(x);
        var logits = _options.IsMulticlass ? output : output.Reshape(-1);
        var batchLoss = loss.Forward(logits, y);
        var value = batchLoss.Item();
        correct = CountCorrect(logits, y);
        if (!double.IsFinite(value))
        {
            return value;
        }

        batchLoss.Backward();
        if (_options.ClipGradNorm > 0)
        {
            GradientClipping.ClipGradNorm(optimizer.ParamGroups.SelectMany(g => g.Parameters), _options.ClipGradNorm);
        }

        optimizer.Step();
        optimizer.ReleaseGrads();
        return value;
    }

    /// <summary>One epoch's sample order: a permutation, or class-balanced draws with replacement.</summary>
    internal int[] Order(TensorSet train, Generator generator)
    {
        var n = train.Count;
        if (_options.Sampling == BatchSampling.Shuffle)
        {
            var order = Enumerable.Range(0, n).ToArray();
            generator.Shuffle(order.AsSpan());
            return order;
        }

        // WeightedRandomSampler with weights 1/count(class): every class is drawn with the same probability.
        var counts = train.Labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var cumulative = new double[n];
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += 1.0 / counts[train.Labels[i]];
            cumulative[i] = sum;
        }

        var draws = new int[n];
        for (var k = 0; k < n; k++)
        {
            var index = Array.BinarySearch(cumulative, generator.NextDouble() * sum);
            draws[k] = Math.Min(index < 0 ? ~index : index, n - 1);
        }

        return draws;
    }

    /// <summary>The parameters of the last <c>Linear</c> layer: what trains during the head-only epochs.</summary>
    private HashSet<Parameter> HeadParameters()
    {
        var last = _model.NamedModules().Select(m => m.Value).OfType<Linear>().LastOrDefault();
        if (last is null && _options.FreezeEpochs > 0)
        {
            throw new ArgumentException($"freeze epochs need a network whose head is a Linear layer; {_model.GetType().Name} has none");
        }

        return last is null ? [] : new HashSet<Parameter>(last.Parameters(), ReferenceEqualityComparer.Instance);
    }

    /// <summary>
    /// Trainable parameters grouped by top-level layer (each child of the network that has any, in order, looking through a
    /// wrapper of one network such as a patch network; parameters of
    /// the network itself join the first group): the layer groups that discriminative rates are spread over.
    /// </summary>
    private List<List<Parameter>> LayerGroups(List<Parameter> trainable)
    {
        var isTrainable = new HashSet<Parameter>(trainable, ReferenceEqualityComparer.Instance);
        var groups = new List<List<Parameter>>();
        var owned = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        // A wrapper around one network (a patch network) is looked through: its layers are the network's.
        var root = _model;
        while (root.NamedChildren() is [var (_, only)] && only.Parameters().Count() == root.Parameters().Count())
        {
            root = only;
        }

        foreach (var (_, child) in root.NamedChildren())
        {
            var group = child.Parameters().Where(isTrainable.Contains).ToList();
            owned.UnionWith(group);
            if (group.Count > 0)
            {
                groups.Add(group);
            }
        }

        var own = trainable.Where(p => !owned.Contains(p)).ToList();
        if (groups.Count == 0)
        {
            groups.Add(own);
        }
        else
        {
            groups[0].InsertRange(0, own);
        }

        return groups;
    }

    /// <summary>The logits of every sample: one each (binary), or K each, row-major.</summary>
    private float[] Logits(TensorSet data)
    {
        _model.Eval();
        var k = _options.IsMulticlass ? _options.Classes : 1;
        var result = new float[data.Count * k];
        using (GradMode.NoGrad())
        {
            var indices = Enumerable.Range(0, data.Count).ToArray();
            for (var start = 0; start < data.Count; start += _options.BatchSize)
            {
                var batch = indices.AsSpan(start, Math.Min(_options.BatchSize, data.Count - start));
                // Everything a batch allocates goes back to the pool once its logits are copied out.
                using var scope = TensorScope.Begin(everything: true);
                var (x, _) = data.Batch(batch);
                var output = _model.Forward(x);
                if (output.Length != batch.Length * k)
                {
                    throw new InvalidOperationException($"the network gives {output.Length / Math.Max(batch.Length, 1)} outputs per sample; {k} expected for {Math.Max(_options.Classes, 2)} classes");
                }

                output.Data.CopyTo(result.AsSpan(start * k, batch.Length * k));
            }
        }

        return result;
    }

    private (double Loss, double Accuracy, double Auc) Score(TensorSet data)
    {
        var logits = Logits(data);
        double loss = 0;
        var correct = 0;
        if (_options.IsMulticlass)
        {
            // Unweighted, unsmoothed cross-entropy, as the binary validation loss is plain BCE.
            var k = _options.Classes;
            var p = new double[k];
            var probabilities = new double[k][];
            for (var c = 0; c < k; c++)
            {
                probabilities[c] = new double[data.Count];
            }

            for (var i = 0; i < data.Count; i++)
            {
                var row = logits.AsSpan(i * k, k);
                Nn.Softmax.Row(row, p);
                loss -= Math.Log(Math.Max(p[data.Labels[i]], double.Epsilon));
                correct += ArgMax(row) == data.Labels[i] ? 1 : 0;
                for (var c = 0; c < k; c++)
                {
                    probabilities[c][i] = p[c];
                }
            }

            return (loss / data.Count, (double)correct / data.Count, MacroAuc(data.Labels, probabilities));
        }

        var scores = new double[logits.Length];
        for (var i = 0; i < logits.Length; i++)
        {
            var z = (double)logits[i];
            var y = data.Labels[i];
            // log(1 + e^-|z|) + max(z, 0) − y·z: the stable form of binary cross-entropy with logits.
            loss += Math.Log(1 + Math.Exp(-Math.Abs(z))) + Math.Max(z, 0) - (y * z);
            correct += (z >= 0 ? 1 : 0) == y ? 1 : 0;
            scores[i] = z;
        }

        return (loss / logits.Length, (double)correct / logits.Length, RocCurve.AucOnly(data.Labels, scores));
    }

    /// <summary>The mean one-vs-rest AUC of the classes that are present and absent somewhere in <paramref name="labels"/>; NaN when none is.</summary>
    private static double MacroAuc(IReadOnlyList<int> labels, double[][] probabilities)
    {
        var aucs = new List<double>();
        var oneVsRest = new int[labels.Count];
        for (var c = 0; c < probabilities.Length; c++)
        {
            for (var i = 0; i < labels.Count; i++)
            {
                oneVsRest[i] = labels[i] == c ? 1 : 0;
            }

            var auc = RocCurve.AucOnly(oneVsRest, probabilities[c]);
            if (!double.IsNaN(auc))
            {
                aucs.Add(auc);
            }
        }

        return aucs.Count == 0 ? double.NaN : aucs.Average();
    }

    private int CountCorrect(Tensor logits, Tensor y)
    {
        var correct = 0;
        var l = logits.Data;
        var t = y.Data;
        if (_options.IsMulticlass)
        {
            var k = _options.Classes;
            for (var i = 0; i < t.Length; i++)
            {
                correct += ArgMax(l.Slice(i * k, k)) == t[i] ? 1 : 0;
            }

            return correct;
        }

        for (var i = 0; i < l.Length; i++)
        {
            correct += (l[i] >= 0 ? 1f : 0f) == t[i] ? 1 : 0;
        }

        return correct;
    }
}
