using System.Diagnostics;
using MedVision.Nn;
using MedVision.Nn.Losses;
using MedVision.Nn.Optim;
using MedVision.Nn.Weights;
using MedVision.Pipeline.Models;
using MedVision.Tensors;
using MedVision.Tensors.Autograd;

namespace MedVision.Pipeline.Training;

/// <summary>
/// Trains a binary classifier network (one logit output) with BCE-with-logits: shuffled mini-batches, optional
/// on-the-fly augmentation, validation each epoch, early stopping with best-weights restore, stop on a non-finite
/// loss. Deterministic for a seed and thread count.
/// </summary>
public sealed class Trainer
{
    private readonly Module _model;
    private readonly TrainerOptions _options;

    public Trainer(Module model, TrainerOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        _model = model;
        _options = options;
    }

    /// <summary>
    /// Fits on <paramref name="train"/>; <paramref name="validation"/> (may be null) drives early stopping and the best-epoch
    /// choice. <paramref name="augment"/> transforms one (C, H, W) sample in place given a generator.
    /// </summary>
    public TrainingHistory Fit(TensorSet train, TensorSet? validation, Action<Span<float>, Generator>? augment = null, IProgress<EpochReport>? progress = null)
    {
        var generator = new Generator((ulong)_options.Seed);
        var augmentGenerator = generator.Fork();
        var optimizer = CreateOptimizer();
        var positives = train.Labels.Count(l => l == 1);
        var loss = new BCEWithLogitsLoss(_options.BalanceClasses && positives > 0
            ? Tensor.Full((float)(train.Count - positives) / positives, 1)
            : null);
        var history = new List<EpochReport>();
        var order = Enumerable.Range(0, train.Count).ToArray();
        var bestLoss = double.PositiveInfinity;
        var bestEpoch = -1;
        WeightDict? best = null;
        for (var epoch = 0; epoch < _options.Epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            _model.Train();
            generator.Shuffle(order.AsSpan());
            double lossSum = 0;
            var correct = 0;
            for (var start = 0; start < order.Length; start += _options.BatchSize)
            {
                var batch = order.AsSpan(start, Math.Min(_options.BatchSize, order.Length - start));
                var (x, y) = train.Batch(batch, augment is null ? null : (sample, _) => augment(sample, augmentGenerator));
                optimizer.ZeroGrad();
                var logits = _model.Forward(x).Reshape(-1);
                var batchLoss = loss.Forward(logits, y);
                var value = batchLoss.Item();
                if (!double.IsFinite(value))
                {
                    throw new TrainingDivergedException($"the training loss became {value} in epoch {epoch + 1}; lower the learning rate");
                }

                batchLoss.Backward();
                optimizer.Step();
                lossSum += value * batch.Length;
                correct += CountCorrect(logits, y);
            }

            var (valLoss, valAccuracy) = validation is null ? (double.NaN, double.NaN) : Score(validation);
            var report = new EpochReport(epoch + 1, _options.Epochs, lossSum / train.Count, (double)correct / train.Count, valLoss, valAccuracy, watch.Elapsed.TotalSeconds);
            history.Add(report);
            progress?.Report(report);
            var monitored = validation is null ? report.TrainLoss : valLoss;
            if (monitored < bestLoss)
            {
                bestLoss = monitored;
                bestEpoch = epoch;
                best = _model.StateDict();
            }
            else if (_options.Patience > 0 && epoch - bestEpoch >= _options.Patience)
            {
                break;
            }
        }

        if (best is not null)
        {
            _model.LoadStateDict(best);
        }

        return new TrainingHistory(
            [.. history.Select(h => h.TrainLoss)], [.. history.Select(h => h.TrainAccuracy)],
            [.. history.Select(h => h.ValidationLoss)], [.. history.Select(h => h.ValidationAccuracy)],
            [.. history.Select(h => h.Seconds)], bestEpoch);
    }

    /// <summary>Probability of the positive class (sigmoid of the logit) for every sample, in eval mode without gradients.</summary>
    public double[] PredictProba(TensorSet data)
    {
        var logits = Logits(data);
        return [.. logits.Select(l => 1 / (1 + Math.Exp(-l)))];
    }

    private float[] Logits(TensorSet data)
    {
        _model.Eval();
        var result = new float[data.Count];
        using (GradMode.NoGrad())
        {
            var indices = Enumerable.Range(0, data.Count).ToArray();
            for (var start = 0; start < data.Count; start += _options.BatchSize)
            {
                var batch = indices.AsSpan(start, Math.Min(_options.BatchSize, data.Count - start));
                var (x, _) = data.Batch(batch);
                _model.Forward(x).Data.CopyTo(result.AsSpan(start, batch.Length));
            }
        }

        return result;
    }

    private (double Loss, double Accuracy) Score(TensorSet data)
    {
        var logits = Logits(data);
        double loss = 0;
        var correct = 0;
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

    private static int CountCorrect(Tensor logits, Tensor y)
    {
        var correct = 0;
        var l = logits.Data;
        var t = y.Data;
        for (var i = 0; i < l.Length; i++)
        {
            correct += (l[i] >= 0 ? 1f : 0f) == t[i] ? 1 : 0;
        }

        return correct;
    }

    private Optimizer CreateOptimizer()
    {
        var parameters = _model.Parameters().Where(p => p.RequiresGrad).ToList();
        return _options.Optimizer switch
        {
            "adam" => new Adam(parameters, _options.LearningRate),
            "adamw" => new AdamW(parameters, _options.LearningRate),
            "sgd" => new SGD(parameters, _options.LearningRate, momentum: 0.9),
            "rmsprop" => new RMSprop(parameters, _options.LearningRate),
            _ => throw new ArgumentException($"optimizer must be adam, adamw, sgd or rmsprop, got '{_options.Optimizer}'"),
        };
    }
}
