using System.Text.Json;
using System.Text.Json.Nodes;
using MedVision.Classical.Composition;
using MedVision.Classical.Decomposition;
using MedVision.Classical.Ensemble;
using MedVision.Classical.Linear;
using MedVision.Classical.NaiveBayes;
using MedVision.Classical.Neighbors;
using MedVision.Classical.NeuralNetwork;
using MedVision.Classical.Preprocessing;
using MedVision.Classical.Svm;
using MedVision.Classical.Trees;

namespace MedVision.Classical.Persistence;

/// <summary>
/// Saves and loads fitted estimators as JSON: every fitted transformer and classifier of this library (scalers, PCA,
/// SVC, logistic regression, Gaussian naive Bayes, k-nearest neighbours, decision tree, random forest, gradient
/// boosting, MLP) and fitted pipelines of them. Each object carries a <c>type</c> tag (one explicit table below) and
/// exactly the state prediction needs; numbers are written in their shortest round-trip form, so a loaded model's
/// <c>PredictProba</c> is bit-identical to the saved one's. Training-only diagnostics (out-of-bag scores, SVC support
/// vector bookkeeping beyond the machines) are not kept. Loading checks every field and throws
/// <see cref="EstimatorFormatException"/> naming the source and the field.
/// </summary>
public static class EstimatorState
{
    /// <summary>Version of the layout written by <see cref="ToJson(IFittedClassifier)"/>; loading refuses others.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Every saved classifier type: its <c>type</c> tag, how it is written and how it is read, one row each.</summary>
    public static IReadOnlyList<EstimatorTag<IFittedClassifier>> Classifiers { get; } =
    [
        Tag<FittedPipeline, IFittedClassifier>("pipeline", m => m.WriteState(), FittedPipeline.ReadState),
        Tag<FittedSvc, IFittedClassifier>("svc", m => m.WriteState(), FittedSvc.ReadState),
        Tag<FittedLogisticRegression, IFittedClassifier>("logistic_regression", m => m.WriteState(), FittedLogisticRegression.ReadState),
        Tag<FittedGaussianNb, IFittedClassifier>("gaussian_nb", m => m.WriteState(), FittedGaussianNb.ReadState),
        Tag<FittedKNeighbors, IFittedClassifier>("k_neighbors", m => m.WriteState(), FittedKNeighbors.ReadState),
        Tag<FittedDecisionTree, IFittedClassifier>("decision_tree", m => m.WriteState(), FittedDecisionTree.ReadState),
        Tag<FittedRandomForest, IFittedClassifier>("random_forest", m => m.WriteState(), FittedRandomForest.ReadState),
        Tag<FittedGradientBoosting, IFittedClassifier>("gradient_boosting", m => m.WriteState(), FittedGradientBoosting.ReadState),
        Tag<FittedMlp, IFittedClassifier>("mlp", m => m.WriteState(), FittedMlp.ReadState),
    ];

    /// <summary>Every saved transformer type, as <see cref="Classifiers"/>.</summary>
    public static IReadOnlyList<EstimatorTag<IFittedTransformer>> Transformers { get; } =
    [
        Tag<FittedStandardScaler, IFittedTransformer>("standard_scaler", t => t.WriteState(), FittedStandardScaler.ReadState),
        Tag<FittedMinMaxScaler, IFittedTransformer>("min_max_scaler", t => t.WriteState(), FittedMinMaxScaler.ReadState),
        Tag<FittedPca, IFittedTransformer>("pca", t => t.WriteState(), FittedPca.ReadState),
    ];

    /// <summary>The state of <paramref name="model"/> as a JSON object with its <c>type</c> tag.</summary>
    public static JsonObject Save(IFittedClassifier model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Save(Classifiers, model);
    }

    /// <summary>The state of <paramref name="transform"/> as a JSON object with its <c>type</c> tag.</summary>
    public static JsonObject Save(IFittedTransformer transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return Save(Transformers, transform);
    }

    private static EstimatorTag<TBase> Tag<TModel, TBase>(string tag, Func<TModel, JsonObject> write, Func<StateReader, TModel> read)
        where TModel : TBase
        where TBase : class => new(tag, typeof(TModel), m => write((TModel)m), r => read(r));

    private static JsonObject Save<T>(IReadOnlyList<EstimatorTag<T>> table, T model)
        where T : class
    {
        var row = table.FirstOrDefault(r => r.Type == model.GetType())
            ?? throw new NotSupportedException($"{model.GetType().Name} has no saved form");
        return Tagged(row.Tag, row.Write(model));
    }

    /// <summary>Reads a classifier saved by <see cref="Save(IFittedClassifier)"/>; <paramref name="source"/> and <paramref name="path"/> name it in errors.</summary>
    public static IFittedClassifier LoadClassifier(JsonNode? state, string source, string path = "")
    {
        var reader = StateReader.Root(state, source, path);
        return ReadClassifier(reader);
    }

    /// <summary>Reads a transformer saved by <see cref="Save(IFittedTransformer)"/>.</summary>
    public static IFittedTransformer LoadTransformer(JsonNode? state, string source, string path = "") =>
        ReadTransformer(StateReader.Root(state, source, path));

    /// <summary>A whole document: <c>{ "format_version": 1, "model": { … } }</c>, indented.</summary>
    public static string ToJson(IFittedClassifier model) =>
        new JsonObject { ["format_version"] = FormatVersion, ["model"] = Save(model) }.ToJsonString(Indented);

    /// <summary>Reads a document written by <see cref="ToJson(IFittedClassifier)"/>.</summary>
    public static IFittedClassifier FromJson(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new EstimatorFormatException(source, "(root)", $"not valid JSON: {e.Message}", e);
        }

        var reader = StateReader.Root(root, source);
        var version = reader.Int("format_version");
        if (version != FormatVersion)
        {
            throw reader.Error("format_version", $"expected {FormatVersion}, got {version}");
        }

        return ReadClassifier(reader.Object("model"));
    }

    /// <summary>Reads and saves to a file; the file is written under a temporary name and renamed.</summary>
    public static void Write(string path, IFittedClassifier model)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path + ".tmp", ToJson(model));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Reads a file written by <see cref="Write"/>.</summary>
    public static IFittedClassifier Read(string path) => FromJson(File.ReadAllText(path), path);

    internal static IFittedClassifier ReadClassifier(StateReader reader)
    {
        var type = reader.String("type");
        return Classifiers.FirstOrDefault(r => r.Tag == type) is { } row ? row.Read(reader)
            : throw reader.Error("type", $"unknown classifier type '{type}'; known: {string.Join(", ", Classifiers.Select(r => r.Tag))}");
    }

    internal static IFittedTransformer ReadTransformer(StateReader reader)
    {
        var type = reader.String("type");
        return Transformers.FirstOrDefault(r => r.Tag == type) is { } row ? row.Read(reader)
            : throw reader.Error("type", $"unknown transformer type '{type}'; known: {string.Join(", ", Transformers.Select(r => r.Tag))}");
    }

    /// <summary>The <c>classes</c> field: at least two distinct labels, ascending.</summary>
    internal static int[] ReadClasses(StateReader reader)
    {
        var classes = reader.Ints("classes");
        if (classes.Length < 2)
        {
            throw reader.Error("classes", $"expected at least 2 classes, got {classes.Length}");
        }

        for (var i = 1; i < classes.Length; i++)
        {
            if (classes[i] <= classes[i - 1])
            {
                throw reader.Error("classes", $"must be strictly ascending, got [{string.Join(", ", classes)}]");
            }
        }

        return classes;
    }

    /// <summary>A <c>feature_count</c> ≥ 1.</summary>
    internal static int ReadFeatureCount(StateReader reader) => reader.Int("feature_count", min: 1);

    /// <summary>Common fields of a classifier: classes and feature count.</summary>
    internal static JsonObject ClassifierState(FittedClassifier model) => new()
    {
        ["classes"] = StateWriter.Numbers(model.Classes),
        ["feature_count"] = model.FeatureCount,
    };

    private static JsonObject Tagged(string type, JsonObject state)
    {
        var tagged = new JsonObject { ["type"] = type };
        foreach (var (key, value) in state.ToList())
        {
            state.Remove(key);
            tagged[key] = value;
        }

        return tagged;
    }

    /// <summary>Writes a tree's flat arrays.</summary>
    internal static JsonObject WriteTree(Tree tree) => new()
    {
        ["feature"] = StateWriter.Numbers(tree.Feature),
        ["threshold"] = StateWriter.Numbers(tree.Threshold),
        ["left"] = StateWriter.Numbers(tree.Left),
        ["right"] = StateWriter.Numbers(tree.Right),
        ["value"] = StateWriter.Numbers(tree.Value),
        ["outputs"] = tree.Outputs,
        ["depth"] = tree.Depth,
    };

    /// <summary>
    /// Reads a tree and checks that it is one: equal array lengths, children after their parent (so no cycle) and
    /// inside the node range, both or neither child at each node, split features inside the feature range.
    /// </summary>
    internal static Tree ReadTree(StateReader reader, int featureCount, int outputs)
    {
        var feature = reader.Ints("feature");
        var n = feature.Length;
        if (n == 0)
        {
            throw reader.Error("feature", "a tree needs at least one node");
        }

        var threshold = reader.Doubles("threshold", n);
        var left = reader.Ints("left", n, min: -1, max: n - 1);
        var right = reader.Ints("right", n, min: -1, max: n - 1);
        var stored = reader.Int("outputs", min: 1);
        if (stored != outputs)
        {
            throw reader.Error("outputs", $"expected {outputs}, got {stored}");
        }

        var value = reader.Doubles("value", checked(n * outputs));
        for (var i = 0; i < n; i++)
        {
            if ((left[i] < 0) != (right[i] < 0))
            {
                throw reader.Error("left", $"node {i} has one child (left {left[i]}, right {right[i]})");
            }

            if (left[i] >= 0 && (left[i] <= i || right[i] <= i))
            {
                throw reader.Error("left", $"node {i}'s children ({left[i]}, {right[i]}) must come after it");
            }

            if (left[i] >= 0 && (uint)feature[i] >= (uint)featureCount)
            {
                throw reader.Error("feature", $"node {i} splits on feature {feature[i]}, outside 0..{featureCount - 1}");
            }
        }

        return new Tree(feature, threshold, left, right, value, outputs, reader.Int("depth", min: 0));
    }
}
