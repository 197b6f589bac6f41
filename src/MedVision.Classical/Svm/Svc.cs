namespace MedVision.Classical.Svm;

/// <summary>
/// C-support-vector classification as libsvm/scikit-learn <c>SVC</c>: one binary SMO problem per pair of classes
/// (one-vs-one, class <c>i</c> as +1 against class <c>j &gt; i</c> as −1), probabilities by Platt sigmoids fitted on
/// decision values from an internal 5-fold cross-validation (libsvm <c>svm_binary_svc_probability</c>) and, for more
/// than two classes, pairwise coupling. All sub-problems of a fit share one kernel source (the Gram matrix when it
/// fits the cache), and the final fit and the Platt folds run in parallel; each result is independent of the
/// thread count.
/// </summary>
public sealed class Svc : IClassifier
{
    private const int PlattFolds = 5;

    /// <summary>scikit-learn's <c>SVC(probability=True)</c>: RBF kernel, C = 1, γ = "scale".</summary>
    public Svc()
        : this(new SvcOptions())
    {
    }

    /// <summary>An SVC with explicit options.</summary>
    public Svc(SvcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Gamma, "options.Gamma");
        Check.Positive(options.C, "options.C");
        Check.Positive(options.Tolerance, "options.Tolerance");
        Check.Positive(options.CacheSizeMb, "options.CacheSizeMb");
        Check.AtLeast(options.Degree, 0, "options.Degree");
        Options = options;
    }

    /// <summary>The configuration.</summary>
    public SvcOptions Options { get; }

    /// <inheritdoc/>
    public IFittedClassifier Fit(FeatureMatrix x, int[] y) => FitSvc(x, y);

    /// <summary>Fits and returns the typed model (decision function, support vectors).</summary>
    public FittedSvc FitSvc(FeatureMatrix x, int[] y)
    {
        var (classes, encoded) = Check.TrainingSet(x, y);
        var kernel = new KernelFunction(Options.Kernel, Options.Gamma.Resolve(x), Options.Coef0, Options.Degree);
        var source = new KernelSource(x, kernel, (long)(Options.CacheSizeMb * 1024 * 1024));
        var k = classes.Length;
        var pairs = new List<(int I, int J)>();
        for (var i = 0; i < k; i++)
        {
            for (var j = i + 1; j < k; j++)
            {
                pairs.Add((i, j));
            }
        }

        // Jobs: per pair, the full fit (fold −1) and, with probabilities, the Platt folds.
        var jobsPerPair = Options.Probability ? 1 + PlattFolds : 1;
        var problems = new PairProblem[pairs.Count];
        for (var p = 0; p < pairs.Count; p++)
        {
            problems[p] = PairProblem.Create(encoded, pairs[p].I, pairs[p].J, Options.Seed + p);
        }

        var solutions = new (double[] Alpha, double Rho)[pairs.Count];
        var foldDecisions = new double[pairs.Count][];
        for (var p = 0; p < pairs.Count; p++)
        {
            foldDecisions[p] = new double[problems[p].Indices.Length];
        }

        Parallel.For(0, pairs.Count * jobsPerPair, job =>
        {
            var p = job / jobsPerPair;
            var fold = (job % jobsPerPair) - 1;
            var problem = problems[p];
            if (fold < 0)
            {
                solutions[p] = SmoSolver.Solve(source, problem.Indices, problem.Labels, Options.C, Options.C, Options.Tolerance, Options.Shrinking, Options.MaxIterations);
            }
            else
            {
                CrossValidationFold(source, problem, fold, foldDecisions[p]);
            }
        });

        var models = new FittedSvc.PairModel[pairs.Count];
        for (var p = 0; p < pairs.Count; p++)
        {
            var (alpha, rho) = solutions[p];
            var problem = problems[p];
            var support = new List<int>();
            var coef = new List<double>();
            for (var t = 0; t < alpha.Length; t++)
            {
                if (alpha[t] > 0)
                {
                    support.Add(problem.Indices[t]);
                    coef.Add(alpha[t] * problem.Labels[t]);
                }
            }

            var (a, b) = Options.Probability ? PlattScaling.SigmoidTrain(foldDecisions[p], problem.Labels) : (double.NaN, double.NaN);
            models[p] = new FittedSvc.PairModel(pairs[p].I, pairs[p].J, x.SelectRows(support.ToArray()), coef.ToArray(), rho, a, b);
        }

        return new FittedSvc(classes, x.Cols, kernel, models, Options.Probability);
    }

    // libsvm svm_binary_svc_probability: fold `fold` of a seeded random permutation is held out, the rest is fitted
    // with the same C, and the held-out decision values are stored for the sigmoid fit.
    private void CrossValidationFold(KernelSource source, PairProblem problem, int fold, double[] decisions)
    {
        var l = problem.Indices.Length;
        var begin = fold * l / PlattFolds;
        var end = (fold + 1) * l / PlattFolds;
        var trainPositions = new List<int>(l);
        for (var t = 0; t < l; t++)
        {
            if (t < begin || t >= end)
            {
                trainPositions.Add(problem.Permutation[t]);
            }
        }

        var trainIndices = trainPositions.Select(t => problem.Indices[t]).ToArray();
        var trainLabels = trainPositions.Select(t => problem.Labels[t]).ToArray();
        var positives = trainLabels.Count(v => v > 0);
        var negatives = trainLabels.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            var constant = positives > 0 ? 1.0 : negatives > 0 ? -1.0 : 0.0;
            for (var t = begin; t < end; t++)
            {
                decisions[problem.Permutation[t]] = constant;
            }

            return;
        }

        var (alpha, rho) = SmoSolver.Solve(source, trainIndices, trainLabels, Options.C, Options.C, Options.Tolerance, Options.Shrinking, Options.MaxIterations);
        for (var t = begin; t < end; t++)
        {
            var target = problem.Indices[problem.Permutation[t]];
            var row = source.Row(target);
            var sum = 0.0;
            for (var s = 0; s < alpha.Length; s++)
            {
                if (alpha[s] > 0)
                {
                    sum += alpha[s] * trainLabels[s] * row[trainIndices[s]];
                }
            }

            decisions[problem.Permutation[t]] = sum - rho;
        }
    }

    /// <summary>The samples of classes i (+1) and j (−1) with a seeded fold permutation.</summary>
    private sealed record PairProblem(int[] Indices, sbyte[] Labels, int[] Permutation)
    {
        public static PairProblem Create(int[] encoded, int i, int j, int seed)
        {
            var indices = new List<int>();
            var labels = new List<sbyte>();
            for (var t = 0; t < encoded.Length; t++)
            {
                if (encoded[t] == i || encoded[t] == j)
                {
                    indices.Add(t);
                    labels.Add(encoded[t] == i ? (sbyte)1 : (sbyte)-1);
                }
            }

            var l = indices.Count;
            var permutation = Enumerable.Range(0, l).ToArray();
            var random = new Random(seed);
            for (var t = 0; t < l; t++)
            {
                var s = t + random.Next(l - t);
                (permutation[t], permutation[s]) = (permutation[s], permutation[t]);
            }

            return new PairProblem(indices.ToArray(), labels.ToArray(), permutation);
        }
    }
}
