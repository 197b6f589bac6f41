using MedVision.Classical.Trees;

namespace MedVision.Classical.Ensemble;

/// <summary>
/// A random forest as scikit-learn's <c>RandomForestClassifier</c>: each tree is a CART tree grown on a bootstrap
/// sample (draw counts used as sample weights) with √p features drawn per node; probabilities are the mean of the
/// trees' leaf probabilities. Trees grow in parallel; each tree's seed is drawn up front from the forest seed, so the
/// forest is identical for any thread count.
/// </summary>
public sealed class RandomForestClassifier : IClassifier
{
    /// <summary>100 trees, √p features, bootstrap, seed 0.</summary>
    public RandomForestClassifier()
        : this(new RandomForestOptions())
    {
    }

    /// <summary>A forest with explicit options.</summary>
    public RandomForestClassifier(RandomForestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check.AtLeast(options.Trees, 1, "options.Trees");
        DecisionTreeOptions.Validate(options.MaxDepth, options.MinSamplesSplit, options.MinSamplesLeaf);
        ArgumentNullException.ThrowIfNull(options.MaxFeatures, "options.MaxFeatures");
        if (options.Criterion == SplitCriterion.FriedmanMse)
        {
            throw new ArgumentException("options.Criterion must be Gini or Entropy, got FriedmanMse", nameof(options));
        }

        if (options.OobScore && !options.Bootstrap)
        {
            throw new ArgumentException("options.OobScore needs options.Bootstrap = true", nameof(options));
        }

        Options = options;
    }

    /// <summary>The configuration.</summary>
    public RandomForestOptions Options { get; }

    /// <inheritdoc/>
    public IFittedClassifier Fit(FeatureMatrix x, int[] y) => FitForest(x, y);

    /// <summary>Fits and returns the typed forest (out-of-bag score when asked).</summary>
    public FittedRandomForest FitForest(FeatureMatrix x, int[] y)
    {
        var (classes, encoded) = Check.TrainingSet(x, y);
        int n = x.Rows, k = classes.Length;
        var columns = TreeBuilder.ToColumns(x);
        var growth = new TreeGrowth(Options.Criterion, Options.MaxDepth, Options.MinSamplesSplit, Options.MinSamplesLeaf, Options.MaxFeatures.Resolve(x.Cols));
        var master = new Random(Options.Seed);
        var seeds = Enumerable.Range(0, Options.Trees).Select(_ => master.Next()).ToArray();
        var trees = new Tree[Options.Trees];
        var weights = new double[Options.Trees][];
        Parallel.For(
            0,
            Options.Trees,
            new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism },
            () => new TreeBuilder(columns, n, growth, encoded, k),
            (t, _, builder) =>
            {
                var random = new Random(seeds[t]);
                double[]? w = null;
                if (Options.Bootstrap)
                {
                    w = new double[n];
                    for (var draw = 0; draw < n; draw++)
                    {
                        w[random.Next(n)]++;
                    }
                }

                weights[t] = w ?? [];
                trees[t] = builder.Build(w, random);
                return builder;
            },
            _ => { });

        double? oobScore = null;
        FeatureMatrix? oobProba = null;
        if (Options.OobScore)
        {
            (oobScore, oobProba) = OutOfBag(columns, n, k, encoded, trees, weights);
        }

        return new FittedRandomForest(classes, x.Cols, trees, oobScore, oobProba);
    }

    // Each sample's mean probability over the trees that did not draw it; accuracy of its argmax.
    private static (double Score, FeatureMatrix Proba) OutOfBag(float[] columns, int n, int k, int[] encoded, Tree[] trees, double[][] weights)
    {
        var proba = new FeatureMatrix(n, k);
        var votes = new int[n];
        for (var t = 0; t < trees.Length; t++)
        {
            for (var i = 0; i < n; i++)
            {
                if (weights[t][i] == 0)
                {
                    var leaf = trees[t].LeafValue(trees[t].ApplyColumnMajor(columns, n, i));
                    var row = proba.Row(i);
                    for (var c = 0; c < k; c++)
                    {
                        row[c] += leaf[c];
                    }

                    votes[i]++;
                }
            }
        }

        var correct = 0;
        var counted = 0;
        for (var i = 0; i < n; i++)
        {
            var row = proba.Row(i);
            if (votes[i] == 0)
            {
                row.Fill(double.NaN);
                continue;
            }

            for (var c = 0; c < k; c++)
            {
                row[c] /= votes[i];
            }

            var best = 0;
            for (var c = 1; c < k; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            counted++;
            correct += best == encoded[i] ? 1 : 0;
        }

        return (counted == 0 ? double.NaN : (double)correct / counted, proba);
    }
}
