using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MedVision.Nn;
using MedVision.Nn.Losses;
using MedVision.Nn.Optim;
using MedVision.Nn.Schedules;
using MedVision.Tensors;
using MedVision.Tensors.Autograd;

namespace MedVision.Training;

/// <summary>
/// Trains a classifier network, binary (one logit output) with BCE-with-logits or K-class (K logits,
/// <see cref="TrainerOptions.Classes"/> ≥ 3) with softmax cross-entropy: shuffled (or class-balanced)
/// mini-batches, optional on-the-fly augmentation, a learning-rate schedule stepped per batch, optional learning-rate
/// finder, head-only epochs before unfreezing, discriminative rates, gradient clipping, validation each epoch, early
/// stopping with best-weights restore, stop on a non-finite loss, and a resumable checkpoint after every epoch.
/// Deterministic for a seed and thread count, whether a run is resumed or not.
/// </summary>
public sealed class Trainer
{
    private static readonly string[] Schedules = ["constant", "onecycle", "cosine", "step"];
    private static readonly string[] Optimizers = ["adam", "adamw", "sgd", "rmsprop"];
    private static readonly string[] Samplings = ["shuffle", "balanced"];

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
        ArgumentOutOfRangeException.ThrowIfNegative(options.StepEpochs);
        Check(options.Schedule, Schedules, "schedule");
        Check(options.Optimizer, Optimizers, "optimizer");
        Check(options.Sampling, Samplings, "sampling");
        if (!(options.LearningRate > 0) || !(options.LrRatio >= 1) || !(options.ClipGradNorm >= 0))
        {
            throw new ArgumentException($"learning rate must be > 0, lr ratio ≥ 1 and clip norm ≥ 0; got {options.LearningRate}, {options.LrRatio} and {options.ClipGradNorm}", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.Classes);
        if (!(options.LabelSmoothing >= 0 && options.LabelSmoothing < 1) || (options.LabelSmoothing > 0 && !options.IsMulticlass))
        {
            throw new ArgumentException($"label smoothing must be in [0, 1) and needs three or more classes (binary networks train BCE); got {options.LabelSmoothing} with {Math.Max(options.Classes, 2)} classes", nameof(options));
        }

        _model = model;
        _options = options;
    }

    /// <summary>The checkpoint file <see cref="Fit"/> writes and resumes from; null without a checkpoint folder.</summary>
    public string? CheckpointPath =>
        _options.CheckpointDirectory is { } folder ? Path.Combine(folder, TrainingCheckpoint.FileName) : null;

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
        var fingerprint = Fingerprint(train, validation, augment is not null);
        var root = new Generator((ulong)_options.Seed);
        var sampling = root.Fork();
        var augmentGenerator = root.Fork();
        var finderGenerator = root.Fork();
        var dropouts = _model.NamedModules().Select(m => m.Value).OfType<Dropout>().Select(d => d.Generator)
            .Distinct(ReferenceEqualityComparer.Instance).Cast<Generator>().ToList();
        var trainable = _model.Parameters().Where(p => p.RequiresGrad).ToList();
        var head = HeadParameters();
        var groups = LayerGroups(trainable);
        var multipliers = Enumerable.Range(0, groups.Count)
            .Select(i => groups.Count == 1 ? 1 : Math.Pow(_options.LrRatio, (double)(i - (groups.Count - 1)) / (groups.Count - 1))).ToArray();
        var loss = CreateLoss(train);
        var stepsPerEpoch = (train.Count + _options.BatchSize - 1) / _options.BatchSize;
        var total = _options.FreezeEpochs + _options.Epochs;

        var path = CheckpointPath;
        TrainingCheckpoint? resumed = path is not null && File.Exists(path) ? TrainingCheckpoint.Read(path) : null;
        if (resumed is not null && resumed.Fingerprint != fingerprint)
        {
            throw new CheckpointException(
                $"{path} was written for other training settings, initial weights or data (fingerprint {resumed.Fingerprint[..12]}…, these are {fingerprint[..12]}…); delete it or write to another folder");
        }

        LrFinderResult? finder = resumed?.LrFinder;
        var lr = resumed?.LearningRate ?? _options.LearningRate;
        if (resumed is null && _options.LrFind)
        {
            finder = FindLearningRate(train, augment, loss, finderGenerator, dropouts, trainable, head);
            lr = double.IsFinite(finder.SuggestedLr) ? finder.SuggestedLr : lr;
        }

        var optimizer = CreateOptimizer(groups, lr);
        var history = new List<EpochReport>(resumed?.History ?? []);
        var bestLoss = resumed?.BestLoss ?? double.PositiveInfinity;
        var bestEpoch = resumed?.BestEpoch ?? -1;
        var sinceBest = resumed?.EpochsSinceBest ?? 0;
        var step = resumed?.Step ?? 0;
        var stopped = resumed?.Stopped ?? false;
        var best = resumed?.Best;
        if (resumed is not null)
        {
            _model.LoadStateDict(resumed.Model);
            optimizer.LoadStateDict(resumed.Optimizer);
            sampling.SetState(resumed.Generators["sampling"]);
            augmentGenerator.SetState(resumed.Generators["augment"]);
            for (var i = 0; i < dropouts.Count; i++)
            {
                dropouts[i].SetState(resumed.Generators[$"dropout.{i}"]);
            }
        }

        try
        {
            for (var epoch = resumed?.Epoch ?? 0; epoch < total && !stopped; epoch++)
            {
                var watch = Stopwatch.StartNew();
                var frozen = epoch < _options.FreezeEpochs;
                SetFrozen(trainable, head, frozen);
                var (phaseStart, phaseEpochs) = frozen ? (0, _options.FreezeEpochs) : (_options.FreezeEpochs, _options.Epochs);
                var schedule = CreateSchedule(phaseEpochs, stepsPerEpoch);
                var baseLr = frozen || _options.FreezeEpochs == 0 ? lr : lr / 2;
                _model.Train();
                var order = Order(train, sampling);
                double lossSum = 0;
                var correct = 0;
                for (var b = 0; b < stepsPerEpoch; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var phaseStep = ((epoch - phaseStart) * stepsPerEpoch) + b;
                    for (var g = 0; g < groups.Count; g++)
                    {
                        var groupLr = frozen ? baseLr : baseLr * multipliers[g];
                        optimizer.ParamGroups[g].Lr = schedule?.LearningRate(phaseStep, groupLr) ?? groupLr;
                        if (schedule is OneCycleLR cycle)
                        {
                            optimizer.ParamGroups[g].Momentum = cycle.Momentum(phaseStep);
                        }
                    }

                    var batch = order.AsSpan(b * _options.BatchSize, Math.Min(_options.BatchSize, order.Length - (b * _options.BatchSize)));
                    var value = TrainStep(train, batch, augment, augmentGenerator, loss, optimizer, out var batchCorrect);
                    if (!double.IsFinite(value))
                    {
                        throw new TrainingDivergedException($"the training loss became {value} in epoch {epoch + 1}; lower the learning rate");
                    }

                    step++;
                    lossSum += value * batch.Length;
                    correct += batchCorrect;
                }

                var (valLoss, valAccuracy) = validation is null ? (double.NaN, double.NaN) : Score(validation);
                var report = new EpochReport(epoch + 1, total, lossSum / train.Count, (double)correct / train.Count, valLoss, valAccuracy, watch.Elapsed.TotalSeconds);
                history.Add(report);
                var monitored = validation is null ? report.TrainLoss : valLoss;
                if (monitored < bestLoss)
                {
                    bestLoss = monitored;
                    bestEpoch = epoch;
                    best = _model.StateDict();
                    sinceBest = 0;
                }
                else
                {
                    sinceBest++;
                }

                // Early stopping waits for the unfrozen phase: the head-only epochs are a warm-up, not a plateau.
                stopped = epoch + 1 == total || (_options.Patience > 0 && !frozen && sinceBest >= _options.Patience);
                if (path is not null)
                {
                    new TrainingCheckpoint
                    {
                        Fingerprint = fingerprint,
                        Epoch = epoch + 1,
                        Step = step,
                        Stopped = stopped,
                        LearningRate = lr,
                        History = history,
                        LrFinder = finder,
                        BestEpoch = bestEpoch,
                        BestLoss = bestLoss,
                        EpochsSinceBest = sinceBest,
                        Generators = GeneratorStates(sampling, augmentGenerator, dropouts),
                        Model = _model.StateDict(),
                        Optimizer = optimizer.StateDict(),
                        Best = best,
                    }.Write(path);
                }

                progress?.Report(report);
            }
        }
        finally
        {
            SetFrozen(trainable, head, false);
        }

        if (best is not null)
        {
            _model.LoadStateDict(best);
        }

        return new TrainingHistory(
            [.. history.Select(h => h.TrainLoss)], [.. history.Select(h => h.TrainAccuracy)],
            [.. history.Select(h => h.ValidationLoss)], [.. history.Select(h => h.ValidationAccuracy)],
            [.. history.Select(h => h.Seconds)], bestEpoch)
        {
            LearningRate = lr,
            LrFinder = finder,
        };
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
        hash.AppendData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(_options with { CheckpointDirectory = null }) + (augmented ? "+augment" : "")));
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

    /// <summary>BCE with logits (pos_weight when balancing), or K-class cross-entropy with the balanced class weights and label smoothing.</summary>
    private ILoss CreateLoss(TensorSet train)
    {
        if (!_options.IsMulticlass)
        {
            var positives = train.Labels.Count(l => l == 1);
            return new BCEWithLogitsLoss(_options.BalanceClasses && positives > 0
                ? Tensor.Full((float)(train.Count - positives) / positives, 1)
                : null);
        }

        var k = _options.Classes;
        var weight = _options.BalanceClasses ? Tensor.From(BalancedClassWeights(train.Labels, k), k) : null;
        return new CrossEntropyLoss(weight, _options.LabelSmoothing);
    }

    /// <summary>
    /// Class weights n / (K·n_k) for labels in [0, K), as scikit-learn's <c>compute_class_weight('balanced')</c>; a class
    /// without samples weighs 0 (scikit-learn refuses it).
    /// </summary>
    public static float[] BalancedClassWeights(IReadOnlyList<int> labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var counts = new int[classes];
        foreach (var label in labels)
        {
            counts[label]++;
        }

        return [.. counts.Select(n => n == 0 ? 0f : (float)((double)labels.Count / (classes * n)))];
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
    private double TrainStep(TensorSet data, ReadOnlySpan<int> batch, Action<Span<float>, Generator>? augment, Generator augmentGenerator,
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

    /// <summary>
    /// The learning-rate range test (fastai <c>lr_find</c>): up to 100 batches at rates rising exponentially from 1e-7
    /// to 10, stopping once the smoothed loss passes 4× its minimum; the weights, batch-norm statistics and dropout
    /// generators are restored afterwards, so the test leaves no trace on the run.
    /// </summary>
    private LrFinderResult FindLearningRate(TensorSet train, Action<Span<float>, Generator>? augment, ILoss loss,
        Generator generator, List<Generator> dropouts, List<Parameter> trainable, HashSet<Parameter> head)
    {
        var saved = _model.StateDict();
        var savedDropouts = dropouts.Select(d => d.GetState()).ToList();
        var augmentGenerator = generator.Fork();
        var settings = new LrFinderOptions();
        var rates = LearningRateFinder.Rates();
        var optimizer = CreateOptimizer([trainable], rates[0]);
        SetFrozen(trainable, head, _options.FreezeEpochs > 0);
        _model.Train();
        var losses = new List<double>();
        int[] order = [];
        var position = 0;
        double average = 0, lowest = double.PositiveInfinity;
        foreach (var rate in rates)
        {
            if (position >= order.Length)
            {
                order = Order(train, generator);
                position = 0;
            }

            var batch = order.AsSpan(position, Math.Min(_options.BatchSize, order.Length - position));
            position += batch.Length;
            optimizer.ParamGroups[0].Lr = rate;
            var value = TrainStep(train, batch, augment, augmentGenerator, loss, optimizer, out _);
            losses.Add(value);
            average = (settings.Beta * average) + ((1 - settings.Beta) * value);
            var smoothed = average / (1 - Math.Pow(settings.Beta, losses.Count));
            lowest = Math.Min(lowest, smoothed);
            if (!double.IsFinite(smoothed) || smoothed > settings.DivergenceFactor * lowest)
            {
                break;
            }
        }

        _model.LoadStateDict(saved);
        for (var i = 0; i < dropouts.Count; i++)
        {
            dropouts[i].SetState(savedDropouts[i]);
        }

        return LearningRateFinder.Analyze(rates[..losses.Count], losses, settings);
    }

    /// <summary>One epoch's sample order: a permutation, or class-balanced draws with replacement.</summary>
    private int[] Order(TensorSet train, Generator generator)
    {
        var n = train.Count;
        if (_options.Sampling == "shuffle")
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

    private ILearningRateSchedule? CreateSchedule(int phaseEpochs, int stepsPerEpoch)
    {
        var steps = phaseEpochs * stepsPerEpoch;
        return _options.Schedule switch
        {
            "onecycle" => new OneCycleLR(steps),
            "cosine" => new CosineWarmupLR(0, steps),
            "step" => new StepLR((_options.StepEpochs > 0 ? _options.StepEpochs : Math.Max(1, phaseEpochs / 3)) * stepsPerEpoch),
            _ => null,
        };
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

    private static void SetFrozen(List<Parameter> trainable, HashSet<Parameter> head, bool frozen)
    {
        foreach (var p in trainable)
        {
            p.RequiresGrad = !frozen || head.Contains(p);
        }
    }

    private static Dictionary<string, ulong[]> GeneratorStates(Generator sampling, Generator augment, List<Generator> dropouts)
    {
        var states = new Dictionary<string, ulong[]>(StringComparer.Ordinal) { ["sampling"] = sampling.GetState(), ["augment"] = augment.GetState() };
        for (var i = 0; i < dropouts.Count; i++)
        {
            states[$"dropout.{i}"] = dropouts[i].GetState();
        }

        return states;
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

    private (double Loss, double Accuracy) Score(TensorSet data)
    {
        var logits = Logits(data);
        double loss = 0;
        var correct = 0;
        if (_options.IsMulticlass)
        {
            // Unweighted, unsmoothed cross-entropy, as the binary validation loss is plain BCE.
            var k = _options.Classes;
            var p = new double[k];
            for (var i = 0; i < data.Count; i++)
            {
                var row = logits.AsSpan(i * k, k);
                Nn.Softmax.Row(row, p);
                loss -= Math.Log(Math.Max(p[data.Labels[i]], double.Epsilon));
                correct += ArgMax(row) == data.Labels[i] ? 1 : 0;
            }

            return (loss / data.Count, (double)correct / data.Count);
        }

        for (var i = 0; i < logits.Length; i++)
        {
            var z = (double)logits[i];
            var y = data.Labels[i];
            // log(1 + e^-|z|) + max(z, 0) − y·z: the stable form of binary cross-entropy with logits.
            loss += Math.Log(1 + Math.Exp(-Math.Abs(z))) + Math.Max(z, 0) - (y * z);
            correct += (z >= 0 ? 1 : 0) == y ? 1 : 0;
        }

        return (loss / logits.Length, (double)correct / logits.Length);
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

    private Optimizer CreateOptimizer(List<List<Parameter>> groups, double lr)
    {
        var paramGroups = groups.Select(g => new ParamGroup(g)).ToList();
        return _options.Optimizer switch
        {
            "adam" => new Adam(paramGroups, new AdamOptions { Lr = lr }),
            "adamw" => new AdamW(paramGroups, new AdamOptions { Lr = lr }),
            "sgd" => new SGD(paramGroups, new SgdOptions { Lr = lr, Momentum = 0.9 }),
            _ => new RMSprop(paramGroups, new RmspropOptions { Lr = lr }),
        };
    }

    private static void Check(string value, string[] allowed, string name)
    {
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            throw new ArgumentException($"{name} must be {string.Join(", ", allowed[..^1])} or {allowed[^1]}, got '{value}'");
        }
    }
}
