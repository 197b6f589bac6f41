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
    /// <summary>Every entry, in display order.</summary>
    public static IReadOnlyList<ClassifierEntry> All { get; } =
    [
        new("svm", "support-vector machine, RBF kernel, C = 1, γ = scale, Platt probabilities", () => new Svc()),
        new("nb", "Gaussian naive Bayes", () => new GaussianNb()),
        new("knn", "k-nearest neighbours, k = 5, uniform weights", () => new KNeighborsClassifier()),
        new("dt", "CART decision tree, Gini", () => new DecisionTreeClassifier()),
        new("lr", "logistic regression, L2, C = 1, L-BFGS (2000 iterations)", () => new LogisticRegression(new LogisticRegressionOptions { MaxIterations = 2000 })),
        new("rf", "random forest, 100 trees, √p features", () => new RandomForestClassifier()),
        new("gb", "gradient-boosted trees, 100 stages, depth 3, learning rate 0.1", () => new GradientBoostingClassifier()),
        new("mlp", "multi-layer perceptron, 100 ReLU units, Adam (500 epochs)", () => new MlpClassifier(new MlpOptions { MaxIterations = 500 })),
    ];

    /// <summary>The names, in display order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(e => e.Name).ToArray();

    /// <summary>A new estimator for <paramref name="name"/> (case-insensitive).</summary>
    public static IClassifier Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var entry = All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"classifier must be one of {string.Join(", ", Names)}, got '{name}'", nameof(name));
        return entry.Create();
    }

    /// <summary><see cref="StandardScaler"/> → the named classifier, as the peer script's <c>make_pipeline(StandardScaler(), model)</c>.</summary>
    public static Pipeline CreateScaledPipeline(string name) => new([new StandardScaler()], Create(name));
}
