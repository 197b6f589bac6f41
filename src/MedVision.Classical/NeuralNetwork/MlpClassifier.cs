using System.Numerics.Tensors;

namespace MedVision.Classical.NeuralNetwork;

/// <summary>
/// A multi-layer perceptron classifier as scikit-learn's <c>MLPClassifier</c> (adam solver): ReLU hidden layers,
/// a logistic output unit for two classes or softmax for more, log-loss plus <c>α‖W‖²/(2·batch)</c>, Glorot-uniform
/// initialisation with bound <c>√(6/(fan_in + fan_out))</c>, mini-batches over a shuffle each epoch, stopping when the
/// epoch loss (or, with early stopping, the validation accuracy) has not improved by the tolerance for more than
/// <c>IterationsWithoutChange</c> epochs. Initial weights, the early-stopping hold-out and the epoch shuffles are drawn
/// from NumPy's <c>RandomState(Seed)</c> in scikit-learn's order, so a fit starts exactly where
/// <c>MLPClassifier(random_state=Seed)</c> starts and differs from it only by floating-point summation order.
/// </summary>
public sealed class MlpClassifier : IClassifier
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double AdamEpsilon = 1e-8;

    /// <summary>scikit-learn defaults (one hidden layer of 100 units, 200 epochs, seed 0).</summary>
    public MlpClassifier()
        : this(new MlpOptions())
    {
    }

    /// <summary>An MLP with explicit options.</summary>
    public MlpClassifier(MlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.HiddenLayers, "options.HiddenLayers");
        foreach (var units in options.HiddenLayers)
        {
            Check.AtLeast(units, 1, "options.HiddenLayers[i]");
        }

        Check.Positive(options.LearningRate, "options.LearningRate");
        Check.AtLeast(options.MaxIterations, 1, "options.MaxIterations");
        Check.AtLeast(options.IterationsWithoutChange, 1, "options.IterationsWithoutChange");
        Check.AtLeast(options.Seed, 0, "options.Seed");
        if (options.BatchSize is { } batch)
        {
            Check.AtLeast(batch, 1, "options.BatchSize");
        }

        if (!(options.Alpha >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Alpha, $"options.Alpha must be ≥ 0, got {options.Alpha}");
        }

        if (options.EarlyStopping && !(options.ValidationFraction > 0 && options.ValidationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidationFraction, $"options.ValidationFraction must be in (0, 1), got {options.ValidationFraction}");
        }

        Options = options;
    }

    /// <summary>The configuration.</summary>
    public MlpOptions Options { get; }

    /// <inheritdoc/>
    public IFittedClassifier Fit(FeatureMatrix x, int[] y) => FitMlp(x, y);

    /// <summary>Fits and returns the typed network (loss curve, epochs).</summary>
    public FittedMlp FitMlp(FeatureMatrix x, int[] y)
    {
        var (classes, encoded) = Check.TrainingSet(x, y);
        var random = new NumPyRandomState(Options.Seed);
        var outputs = classes.Length == 2 ? 1 : classes.Length;
        int[] sizes = [x.Cols, .. Options.HiddenLayers, outputs];
        var layers = sizes.Length - 1;

        // Glorot-uniform initialisation, layer by layer: weights (fan_in, fan_out) then biases.
        var weights = new double[layers][];
        var biases = new double[layers][];
        for (var l = 0; l < layers; l++)
        {
            var bound = Math.Sqrt(6.0 / (sizes[l] + sizes[l + 1]));
            weights[l] = new double[sizes[l] * sizes[l + 1]];
            biases[l] = new double[sizes[l + 1]];
            for (var t = 0; t < weights[l].Length; t++)
            {
                weights[l][t] = random.Uniform(-bound, bound);
            }

            for (var t = 0; t < biases[l].Length; t++)
            {
                biases[l][t] = random.Uniform(-bound, bound);
            }
        }

        var train = Enumerable.Range(0, x.Rows).ToArray();
        int[] validation = [];
        if (Options.EarlyStopping)
        {
            (train, validation) = StratifiedHoldOut(encoded, classes.Length, Options.ValidationFraction, random);
        }

        var n = train.Length;
        var batch = Math.Min(Options.BatchSize ?? 200, n);
        var network = new Network(sizes, weights, biases);
        var adam = new Adam(weights, biases, Options.LearningRate);
        var lossCurve = new List<double>();
        double bestLoss = double.PositiveInfinity, bestScore = double.NegativeInfinity;
        (double[][] W, double[][] B)? best = null;
        var noImprovement = 0;
        var order = (int[])train.Clone();
        for (var epoch = 0; epoch < Options.MaxIterations; epoch++)
        {
            if (Options.Shuffle)
            {
                random.Shuffle(order);
            }

            var accumulated = 0.0;
            for (var start = 0; start < n; start += batch)
            {
                var rows = order.AsSpan(start, Math.Min(batch, n - start)).ToArray();
                var loss = network.Backprop(x, encoded, rows, Options.Alpha, adam.WeightGrads, adam.BiasGrads);
                accumulated += loss * rows.Length;
                adam.Step();
            }

            var epochLoss = accumulated / n;
            lossCurve.Add(epochLoss);
            if (Options.EarlyStopping)
            {
                var score = network.Accuracy(x, encoded, validation);
                noImprovement = score < bestScore + Options.Tolerance ? noImprovement + 1 : 0;
                if (score > bestScore)
                {
                    bestScore = score;
                    best = (weights.Select(w => (double[])w.Clone()).ToArray(), biases.Select(b => (double[])b.Clone()).ToArray());
                }
            }
            else
            {
                noImprovement = epochLoss > bestLoss - Options.Tolerance ? noImprovement + 1 : 0;
                bestLoss = Math.Min(bestLoss, epochLoss);
            }

            if (noImprovement > Options.IterationsWithoutChange)
            {
                break;
            }
        }

        if (best is { } kept)
        {
            network = new Network(sizes, kept.W, kept.B);
        }

        return new FittedMlp(classes, network, lossCurve, Options.EarlyStopping ? bestScore : null);
    }

    // scikit-learn train_test_split(test_size=fraction, stratify=y, random_state=rng) as StratifiedShuffleSplit draws it:
    // ceil(fraction·n) validation rows, per-class counts by _approximate_mode, a permutation per class, then both
    // sides permuted. The training rows keep that permuted order, which the epoch shuffles start from.
    private static (int[] Train, int[] Validation) StratifiedHoldOut(int[] encoded, int classes, double fraction, NumPyRandomState random)
    {
        var n = encoded.Length;
        var nTest = (int)Math.Ceiling(fraction * n);
        var nTrain = n - nTest;
        var members = Enumerable.Range(0, classes).Select(c => Enumerable.Range(0, n).Where(i => encoded[i] == c).ToArray()).ToArray();
        var counts = members.Select(m => m.Length).ToArray();
        if (counts.Min() < 2 || nTrain < classes || nTest < classes)
        {
            throw new ArgumentException(
                $"early stopping needs at least 2 samples per class and {classes} samples on each side of the validation split; got class counts [{string.Join(", ", counts)}] and ValidationFraction {fraction} of {n} samples ({nTest} validation)",
                nameof(encoded));
        }

        var trainCounts = ApproximateMode(counts, nTrain, random);
        var testCounts = ApproximateMode(counts.Zip(trainCounts, (a, b) => a - b).ToArray(), nTest, random);
        var train = new List<int>();
        var validation = new List<int>();
        for (var c = 0; c < classes; c++)
        {
            var permuted = random.Permutation(counts[c]).Select(t => members[c][t]).ToArray();
            train.AddRange(permuted.Take(trainCounts[c]));
            validation.AddRange(permuted.Skip(trainCounts[c]).Take(testCounts[c]));
        }

        return (random.Permutation(train.Count).Select(t => train[t]).ToArray(), random.Permutation(validation.Count).Select(t => validation[t]).ToArray());
    }

    // scikit-learn utils._approximate_mode: floor of the proportional share, the rest by largest remainder, ties drawn at random.
    private static int[] ApproximateMode(int[] counts, int draws, NumPyRandomState random)
    {
        double total = counts.Sum();
        var continuous = counts.Select(c => c / total * draws).ToArray();
        var floored = continuous.Select(Math.Floor).ToArray();
        var needToAdd = (int)(draws - floored.Sum());
        if (needToAdd > 0)
        {
            var remainder = continuous.Zip(floored, (c, f) => c - f).ToArray();
            foreach (var value in remainder.Distinct().OrderDescending())
            {
                var ties = Enumerable.Range(0, counts.Length).Where(i => remainder[i] == value).ToArray();
                var addNow = Math.Min(ties.Length, needToAdd);
                foreach (var t in random.Permutation(ties.Length).Take(addNow))
                {
                    floored[ties[t]]++;
                }

                needToAdd -= addNow;
                if (needToAdd == 0)
                {
                    break;
                }
            }
        }

        return floored.Select(f => (int)f).ToArray();
    }

    /// <summary>scikit-learn's AdamOptimizer over all weights and biases.</summary>
    private sealed class Adam
    {
        private readonly double[][] _params;
        private readonly double[][] _grads;
        private readonly double[][] _m;
        private readonly double[][] _v;
        private readonly double _learningRate;
        private int _t;

        public Adam(double[][] weights, double[][] biases, double learningRate)
        {
            _params = [.. weights, .. biases];
            WeightGrads = weights.Select(w => new double[w.Length]).ToArray();
            BiasGrads = biases.Select(b => new double[b.Length]).ToArray();
            _grads = [.. WeightGrads, .. BiasGrads];
            _m = _params.Select(p => new double[p.Length]).ToArray();
            _v = _params.Select(p => new double[p.Length]).ToArray();
            _learningRate = learningRate;
        }

        public double[][] WeightGrads { get; }

        public double[][] BiasGrads { get; }

        public void Step()
        {
            _t++;
            var lr = _learningRate * Math.Sqrt(1 - Math.Pow(Beta2, _t)) / (1 - Math.Pow(Beta1, _t));
            for (var p = 0; p < _params.Length; p++)
            {
                var param = _params[p];
                var grad = _grads[p];
                var m = _m[p];
                var v = _v[p];
                for (var t = 0; t < param.Length; t++)
                {
                    m[t] = (Beta1 * m[t]) + ((1 - Beta1) * grad[t]);
                    v[t] = (Beta2 * v[t]) + ((1 - Beta2) * grad[t] * grad[t]);
                    param[t] -= lr * m[t] / (Math.Sqrt(v[t]) + AdamEpsilon);
                }
            }
        }
    }

    /// <summary>Weights (fan_in, fan_out) row-major per layer; forward, backward and accuracy.</summary>
    internal sealed class Network(int[] sizes, double[][] weights, double[][] biases)
    {
        public int FeatureCount => sizes[0];

        /// <summary>All parameters flattened layer by layer: weights (fan_in, fan_out) row-major, then biases.</summary>
        public double[] Flatten() => weights.Zip(biases).SelectMany(layer => layer.First.Concat(layer.Second)).ToArray();

        /// <summary>Units per layer, inputs first.</summary>
        public int[] Sizes => sizes;

        public double[][] Weights => weights;

        public double[][] Biases => biases;

        /// <summary>Forward pass of <paramref name="rows"/> of <paramref name="x"/>; returns activations per layer.</summary>
        public double[][] Forward(FeatureMatrix x, ReadOnlySpan<int> rows)
        {
            var m = rows.Length;
            var activations = new double[sizes.Length][];
            activations[0] = new double[m * sizes[0]];
            for (var i = 0; i < m; i++)
            {
                x.Row(rows[i]).CopyTo(activations[0].AsSpan(i * sizes[0], sizes[0]));
            }

            for (var l = 0; l < sizes.Length - 1; l++)
            {
                int fanIn = sizes[l], fanOut = sizes[l + 1];
                var z = new double[m * fanOut];
                for (var i = 0; i < m; i++)
                {
                    biases[l].CopyTo(z, i * fanOut);
                }

                DenseMath.MultiplyAdd(activations[l], weights[l], z, m, fanIn, fanOut);
                var last = l == sizes.Length - 2;
                for (var i = 0; i < m; i++)
                {
                    var zi = z.AsSpan(i * fanOut, fanOut);
                    if (!last)
                    {
                        TensorPrimitives.Max(zi, 0.0, zi);
                    }
                    else if (fanOut == 1)
                    {
                        zi[0] = 1 / (1 + Math.Exp(-zi[0]));
                    }
                    else
                    {
                        TensorPrimitives.SoftMax<double>(zi, zi);
                    }
                }

                activations[l + 1] = z;
            }

            return activations;
        }

        /// <summary>Loss of the batch and its gradients (written into the gradient arrays).</summary>
        public double Backprop(FeatureMatrix x, int[] encoded, int[] rows, double alpha, double[][] weightGrads, double[][] biasGrads)
        {
            var m = rows.Length;
            var activations = Forward(x, rows);
            var layers = sizes.Length - 1;
            var outputs = sizes[^1];
            var output = activations[^1];
            var delta = new double[m * outputs];
            const double Eps = 2.220446049250313e-16;
            var loss = 0.0;
            for (var i = 0; i < m; i++)
            {
                for (var c = 0; c < outputs; c++)
                {
                    var target = outputs == 1 ? (encoded[rows[i]] == 1 ? 1.0 : 0.0) : (encoded[rows[i]] == c ? 1.0 : 0.0);
                    var p = Math.Clamp(output[(i * outputs) + c], Eps, 1 - Eps);
                    loss -= outputs == 1 ? (target * Math.Log(p)) + ((1 - target) * Math.Log(1 - p)) : target * Math.Log(p);
                    delta[(i * outputs) + c] = output[(i * outputs) + c] - target;
                }
            }

            loss /= m;
            var squares = weights.Sum(w => TensorPrimitives.Dot<double>(w, w));
            loss += 0.5 * alpha * squares / m;

            for (var l = layers - 1; l >= 0; l--)
            {
                int fanIn = sizes[l], fanOut = sizes[l + 1];

                // dW = (Aᵀ·δ + α W) / m ; db = mean(δ)
                Array.Clear(weightGrads[l]);
                DenseMath.TransposeAMultiplyAdd(activations[l], delta, weightGrads[l], m, fanIn, fanOut);
                TensorPrimitives.MultiplyAdd(weights[l], alpha, weightGrads[l], weightGrads[l]);
                TensorPrimitives.Divide(weightGrads[l], m, weightGrads[l]);
                Array.Clear(biasGrads[l]);
                for (var i = 0; i < m; i++)
                {
                    TensorPrimitives.Add(biasGrads[l], delta.AsSpan(i * fanOut, fanOut), biasGrads[l]);
                }

                TensorPrimitives.Divide(biasGrads[l], m, biasGrads[l]);
                if (l == 0)
                {
                    break;
                }

                // δ_{l−1} = δ_l · W_lᵀ ⊙ relu'(a_l)
                var previous = new double[m * fanIn];
                DenseMath.MultiplyTransposeB(delta, weights[l], previous, m, fanOut, fanIn);
                var a = activations[l];
                for (var t = 0; t < previous.Length; t++)
                {
                    if (a[t] == 0)
                    {
                        previous[t] = 0;
                    }
                }

                delta = previous;
            }

            return loss;
        }

        public double Accuracy(FeatureMatrix x, int[] encoded, int[] rows)
        {
            var output = Forward(x, rows)[^1];
            var outputs = sizes[^1];
            var correct = 0;
            for (var i = 0; i < rows.Length; i++)
            {
                int predicted;
                if (outputs == 1)
                {
                    predicted = output[i] > 0.5 ? 1 : 0;
                }
                else
                {
                    predicted = TensorPrimitives.IndexOfMax<double>(output.AsSpan(i * outputs, outputs));
                }

                correct += predicted == encoded[rows[i]] ? 1 : 0;
            }

            return (double)correct / rows.Length;
        }
    }
}
