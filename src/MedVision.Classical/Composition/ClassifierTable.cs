using MedVision.Classical.Ensemble;
using MedVision.Classical.Linear;
using MedVision.Classical.NaiveBayes;
using MedVision.Classical.Neighbors;
using MedVision.Classical.NeuralNetwork;
using MedVision.Classical.Preprocessing;
using MedVision.Classical.Svm;
using MedVision.Classical.Trees;

namespace MedVision.Classical.Composition;

/// <summary>
/// The classifier names the CLI and experiment configs accept: one explicit table, each entry configured as in
/// <c>shared/peers/seed000_wavelet_sklearn.py</c> (scikit-learn defaults, <c>random_state=0</c>,
/// <c>LogisticRegression(max_iter=2000)</c>, <c>SVC(probability=True)</c>, <c>MLPClassifier(max_iter=500)</c>).
/// </summary>
public static class ClassifierTable
{
    private static Dictionary<string, SplitCriterion> CriterionNames { get; } = new(StringComparer.Ordinal)
    {
        ["gini"] = SplitCriterion.Gini,
        ["entropy"] = SplitCriterion.Entropy,
    };

    private static Dictionary<string, NeighborWeights> WeightNames { get; } = new(StringComparer.Ordinal)
    {
        ["uniform"] = NeighborWeights.Uniform,
        ["distance"] = NeighborWeights.Distance,
    };

    /// <summary>Every entry, in display order.</summary>
    public static IReadOnlyList<ClassifierEntry> All { get; } =
    [
        new("svm", "support-vector machine, RBF kernel, C = 1, γ = scale, Platt probabilities", p => new Svc(new SvcOptions { C = p.Double("C", 1) })),
        new("nb", "Gaussian naive Bayes", _ => new GaussianNb()),
        new("knn", "k-nearest neighbours, k = 5, uniform weights", p => new KNeighborsClassifier(new KNeighborsOptions
        {
            Neighbors = p.Int("n_neighbors", 5),
            Weights = p.Choice("weights", NeighborWeights.Uniform, WeightNames),
        })),
        new("dt", "CART decision tree, Gini", p => new DecisionTreeClassifier(new DecisionTreeOptions
        {
            Criterion = p.Choice("criterion", SplitCriterion.Gini, CriterionNames),
            MaxDepth = p.NullableInt("max_depth", null),
            MinSamplesSplit = p.Int("min_samples_split", 2),
            MinSamplesLeaf = p.Int("min_samples_leaf", 1),
        })),
        new("lr", "logistic regression, L2, C = 1, L-BFGS (2000 iterations)", p => new LogisticRegression(new LogisticRegressionOptions
        {
            C = p.Double("C", 1),
            MaxIterations = p.Int("max_iter", 2000),
        })),
        new("rf", "random forest, 100 trees, √p features", p => new RandomForestClassifier(new RandomForestOptions
        {
            Trees = p.Int("n_estimators", 100),
            Criterion = p.Choice("criterion", SplitCriterion.Gini, CriterionNames),
            MaxDepth = p.NullableInt("max_depth", null),
            MinSamplesSplit = p.Int("min_samples_split", 2),
            MinSamplesLeaf = p.Int("min_samples_leaf", 1),
        })),
        new("gb", "gradient-boosted trees, 100 stages, depth 3, learning rate 0.1", p => new GradientBoostingClassifier(new GradientBoostingOptions
        {
            Estimators = p.Int("n_estimators", 100),
            LearningRate = p.Double("learning_rate", 0.1),
            MaxDepth = p.Int("max_depth", 3),
            Subsample = p.Double("subsample", 1),
        })),
        new("mlp", "multi-layer perceptron, 100 ReLU units, Adam (500 epochs)", p => new MlpClassifier(new MlpOptions
        {
            Alpha = p.Double("alpha", 1e-4),
            MaxIterations = p.Int("max_iter", 500),
        })),
    ];

    /// <summary>The names, in display order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(e => e.Name).ToArray();

    /// <summary>
    /// A new estimator for <paramref name="name"/> (case-insensitive), with hyperparameters overridden by their
    /// scikit-learn names (<c>n_estimators: 500</c>); an unknown or malformed parameter is an <see cref="ArgumentException"/>.
    /// </summary>
    public static IClassifier Create(string name, IReadOnlyDictionary<string, string>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var entry = All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"classifier must be one of {string.Join(", ", Names)}, got '{name}'", nameof(name));
        return entry.Create(parameters);
    }

    /// <summary><see cref="StandardScaler"/> → the named classifier, as the peer script's <c>make_pipeline(StandardScaler(), model)</c>.</summary>
    public static Pipeline CreateScaledPipeline(string name) => new([new StandardScaler()], Create(name));
}
