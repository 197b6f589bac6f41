using MedVision.Classical.Trees;

namespace MedVision.Classical.Ensemble;

/// <summary>
/// Gradient-boosted regression trees on the log-loss as scikit-learn's <c>GradientBoostingClassifier</c>: the raw
/// score starts at the log-odds of the class prior (log-priors for K &gt; 2 classes); each stage fits one Friedman-MSE
/// regression tree per output to the negative gradient (y − p) on an optional subsample, replaces each leaf value by
/// a Newton step (<c>Σ r / Σ (y − r)(1 − y + r)</c>, times (K − 1)/K for K classes) and adds it times the learning rate.
/// </summary>
public sealed class GradientBoostingClassifier : IClassifier
{
    /// <summary>100 stages, learning rate 0.1, depth 3, no subsampling, seed 0.</summary>
    public GradientBoostingClassifier()
        : this(new GradientBoostingOptions())
    {
    }

    /// <summary>Gradient boosting with explicit options.</summary>
    public GradientBoostingClassifier(GradientBoostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check.AtLeast(options.Estimators, 1, "options.Estimators");
        Check.Positive(options.LearningRate, "options.LearningRate");
        if (!(options.Subsample > 0 && options.Subsample <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Subsample, $"options.Subsample must be in (0, 1], got {options.Subsample}");
        }

        DecisionTreeOptions.Validate(options.MaxDepth, options.MinSamplesSplit, options.MinSamplesLeaf);
        ArgumentNullException.ThrowIfNull(options.MaxFeatures, "options.MaxFeatures");
        Options = options;
    }

    /// <summary>The configuration.</summary>
    public GradientBoostingOptions Options { get; }

    /// <inheritdoc/>
    public IFittedClassifier Fit(FeatureMatrix x, int[] y)
    {
        var (classes, encoded) = Check.TrainingSet(x, y);
        int n = x.Rows, k = classes.Length;
        var outputs = k == 2 ? 1 : k;
        var columns = TreeBuilder.ToColumns(x);
        var growth = new TreeGrowth(SplitCriterion.FriedmanMse, Options.MaxDepth, Options.MinSamplesSplit, Options.MinSamplesLeaf, Options.MaxFeatures.Resolve(x.Cols));
        var random = new Random(Options.Seed);
        const double Eps = 1.1920928955078125e-07; // float32 eps, as scikit-learn clips the prior

        // Initial raw scores from the class prior.
        var init = new double[outputs];
        for (var c = 0; c < outputs; c++)
        {
            var target = k == 2 ? 1 : c;
            var prior = Math.Clamp(encoded.Count(v => v == target) / (double)n, Eps, 1 - Eps);
            init[c] = k == 2 ? Math.Log(prior / (1 - prior)) : Math.Log(prior);
        }

        var raw = new double[n * outputs];
        for (var i = 0; i < n; i++)
        {
            init.CopyTo(raw, i * outputs);
        }

        var stages = new Tree[Options.Estimators][];
        var residual = new double[n];
        var probability = new double[n * outputs];
        var inBag = Math.Max(1, (int)(Options.Subsample * n));
        var leaves = new int[n];
        for (var m = 0; m < Options.Estimators; m++)
        {
            Probabilities(raw, n, outputs, probability);
            var mask = SampleMask(n, inBag, random);
            stages[m] = new Tree[outputs];
            for (var c = 0; c < outputs; c++)
            {
                for (var i = 0; i < n; i++)
                {
                    var yc = (k == 2 ? encoded[i] == 1 : encoded[i] == c) ? 1.0 : 0.0;
                    residual[i] = yc - probability[(i * outputs) + c];
                }

                var tree = new TreeBuilder(columns, n, growth, residual).Build(mask, random);
                UpdateLeaves(tree, columns, n, encoded, residual, mask, k, c, leaves);
                for (var i = 0; i < n; i++)
                {
                    raw[(i * outputs) + c] += Options.LearningRate * tree.Value[leaves[i]];
                }

                stages[m][c] = tree;
            }
        }

        return new FittedGradientBoosting(classes, x.Cols, init, stages, Options.LearningRate);
    }

    /// <summary>Sigmoid (one output) or softmax of the raw scores, row-major (n, outputs).</summary>
    internal static void Probabilities(ReadOnlySpan<double> raw, int n, int outputs, Span<double> probability)
    {
        for (var i = 0; i < n; i++)
        {
            var r = raw.Slice(i * outputs, outputs);
            var p = probability.Slice(i * outputs, outputs);
            if (outputs == 1)
            {
                p[0] = 1 / (1 + Math.Exp(-r[0]));
            }
            else
            {
                System.Numerics.Tensors.TensorPrimitives.SoftMax(r, p);
            }
        }
    }

    // scikit-learn _random_sample_mask: exactly `inBag` samples chosen without replacement (weights 1, others 0).
    private static double[] SampleMask(int n, int inBag, Random random)
    {
        var mask = new double[n];
        if (inBag == n)
        {
            Array.Fill(mask, 1.0);
            return mask;
        }

        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        for (var t = 0; t < inBag; t++)
        {
            mask[order[t]] = 1;
        }

        return mask;
    }

    // Newton step per leaf over the in-bag samples (scikit-learn BinomialDeviance/MultinomialDeviance._update_terminal_region).
    private static void UpdateLeaves(Tree tree, float[] columns, int n, int[] encoded, double[] residual, double[] mask, int k, int c, int[] leaves)
    {
        var numerator = new double[tree.NodeCount];
        var denominator = new double[tree.NodeCount];
        for (var i = 0; i < n; i++)
        {
            var leaf = tree.ApplyColumnMajor(columns, n, i);
            leaves[i] = leaf;
            if (mask[i] == 0)
            {
                continue;
            }

            var y = (k == 2 ? encoded[i] == 1 : encoded[i] == c) ? 1.0 : 0.0;
            numerator[leaf] += residual[i];
            denominator[leaf] += (y - residual[i]) * (1 - y + residual[i]);
        }

        for (var node = 0; node < tree.NodeCount; node++)
        {
            if (tree.Left[node] < 0)
            {
                var num = k == 2 ? numerator[node] : numerator[node] * (k - 1) / k;
                tree.Value[node] = Math.Abs(denominator[node]) < 1e-150 ? 0.0 : num / denominator[node];
            }
        }
    }
}
