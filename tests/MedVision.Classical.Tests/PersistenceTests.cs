using System.Text.Json.Nodes;
using MedVision.Classical.Composition;
using MedVision.Classical.Decomposition;
using MedVision.Classical.Neighbors;
using MedVision.Classical.Persistence;
using MedVision.Classical.Preprocessing;
using MedVision.Classical.Svm;

namespace MedVision.Classical.Tests;

/// <summary>Save → load of every fitted estimator gives the same probabilities to the bit; damaged files name the field.</summary>
public sealed class PersistenceTests
{
    public static TheoryData<string> Names() => [.. ClassifierTable.Names];

    private static (FeatureMatrix X, int[] Y, FeatureMatrix Test) Binary()
    {
        var (x, y, test, _) = Fixtures.Set("realistic", z: false);
        var rows = Enumerable.Range(0, 120).ToArray();
        return (x.SelectRows(rows), rows.Select(i => y[i] == 1 ? 7 : 3).ToArray(), test.SelectRows(Enumerable.Range(0, 60).ToArray()));
    }

    private static IFittedClassifier RoundTrip(IFittedClassifier model) => EstimatorState.FromJson(EstimatorState.ToJson(model), "<test>");

    [Theory]
    [MemberData(nameof(Names))]
    public void ScaledPipeline_RoundTrip_GivesIdenticalProbabilities(string name)
    {
        var (x, y, test) = Binary();
        var fitted = ClassifierTable.CreateScaledPipeline(name).Fit(x, y);
        var loaded = RoundTrip(fitted);
        Assert.IsType<FittedPipeline>(loaded);
        Assert.Equal(fitted.Classes, loaded.Classes);
        Assert.Equal(fitted.FeatureCount, loaded.FeatureCount);
        Assert.Equal(fitted.PredictProba(test).Values, loaded.PredictProba(test).Values);
        Assert.Equal(fitted.Predict(test), loaded.Predict(test));

        // Writing the loaded model again gives the same text: nothing is lost or rounded on the way.
        Assert.Equal(EstimatorState.ToJson(fitted), EstimatorState.ToJson(loaded));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ThreeClasses_RoundTrip_GivesIdenticalProbabilities(string name)
    {
        var (x, y, test, _) = Fixtures.Set("multi", z: true);
        var fitted = ClassifierTable.Create(name).Fit(x, y);
        Assert.Equal(fitted.PredictProba(test).Values, RoundTrip(fitted).PredictProba(test).Values);
    }

    [Fact]
    public void TypeTags_AreUnique_AndEveryClassifierOfTheTableSavesUnderOne()
    {
        Assert.Equal(EstimatorState.Classifiers.Count, EstimatorState.Classifiers.Select(r => r.Tag).Distinct().Count());
        Assert.Equal(EstimatorState.Transformers.Count, EstimatorState.Transformers.Select(r => r.Tag).Distinct().Count());
        Assert.Equal(EstimatorState.Classifiers.Count, EstimatorState.Classifiers.Select(r => r.Type).Distinct().Count());
        var (x, y, _) = Binary();
        foreach (var name in ClassifierTable.Names)
        {
            var pipeline = (FittedPipeline)ClassifierTable.CreateScaledPipeline(name).Fit(x, y);
            var saved = EstimatorState.Save(pipeline);
            Assert.Equal("pipeline", (string?)saved["type"]);
            var tag = (string?)saved["classifier"]!["type"];
            Assert.Equal(pipeline.Classifier.GetType(), Assert.Single(EstimatorState.Classifiers, r => r.Tag == tag).Type);
        }
    }

    [Fact]
    public void MinMaxPcaAndDistanceKnn_RoundTrip()
    {
        var (x, y, test) = Binary();
        var pipeline = new Pipeline(
            [new MinMaxScaler(new MinMaxScalerOptions { Min = -1, Max = 1, Clip = true }), new Pca(new PcaOptions { Components = 3, Whiten = true })],
            new KNeighborsClassifier(new KNeighborsOptions { Neighbors = 7, Weights = NeighborWeights.Distance }));
        var fitted = pipeline.Fit(x, y);
        Assert.Equal(fitted.PredictProba(test).Values, RoundTrip(fitted).PredictProba(test).Values);
    }

    [Fact]
    public void LinearAndPolySvc_RoundTrip()
    {
        var (x, y, test) = Binary();
        foreach (var kernel in new[] { SvmKernel.Linear, SvmKernel.Poly })
        {
            var fitted = new Pipeline([new StandardScaler()], new Svc(new SvcOptions { Kernel = kernel })).Fit(x, y);
            Assert.Equal(fitted.PredictProba(test).Values, RoundTrip(fitted).PredictProba(test).Values);
        }
    }

    [Fact]
    public void WriteAndRead_File()
    {
        var (x, y, test) = Binary();
        var fitted = ClassifierTable.CreateScaledPipeline("rf").Fit(x, y);
        var path = Path.Combine(Path.GetTempPath(), $"mv-estimator-{Guid.NewGuid():N}.json");
        try
        {
            EstimatorState.Write(path, fitted);
            Assert.False(File.Exists(path + ".tmp"));
            Assert.Equal(fitted.PredictProba(test).Values, EstimatorState.Read(path).PredictProba(test).Values);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Each case damages one field of a saved scaled random forest or SVC and expects the error to name it.
    public static TheoryData<string, string, string> Damage() => new()
    {
        { "rf", "model.classes", "remove" },
        { "rf", "model.classes", "[1, 1]" },
        { "rf", "model.steps[0].variance", "[1, 2]" },
        { "rf", "model.classifier.trees[0].left", "[5]" },
        { "rf", "model.classifier.trees[1].feature", "\"x\"" },
        { "rf", "model.classifier.trees[2].value", "[0.5]" },
        { "rf", "model.classifier.feature_count", "0" },
        { "rf", "model.classifier.type", "\"forest\"" },
        { "rf", "format_version", "2" },
        { "svm", "model.classifier.machines[0].support_vectors.shape", "[1, 3]" },
        { "svm", "model.classifier.kernel", "\"sigmoid\"" },
        { "svm", "model.classifier.machines[0].rho", "remove" },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void DamagedField_IsAFormatError_NamingIt(string name, string field, string replacement)
    {
        var (x, y, _) = Binary();
        var root = JsonNode.Parse(EstimatorState.ToJson(ClassifierTable.CreateScaledPipeline(name).Fit(x, y)))!;
        Set(root, field, replacement);
        var e = Assert.Throws<EstimatorFormatException>(() => EstimatorState.FromJson(root.ToJsonString(), "bad.json"));
        Assert.Equal("bad.json", e.FileName);
        Assert.StartsWith(field, e.Field, StringComparison.Ordinal);
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChildBeforeParent_IsRejected()
    {
        var (x, y, _) = Binary();
        var root = JsonNode.Parse(EstimatorState.ToJson(ClassifierTable.CreateScaledPipeline("dt").Fit(x, y)))!;
        var tree = root["model"]!["classifier"]!["tree"]!;
        tree["left"]![1] = 0;
        var e = Assert.Throws<EstimatorFormatException>(() => EstimatorState.FromJson(root.ToJsonString(), "bad.json"));
        Assert.Contains("must come after it", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotJson_IsAFormatError()
    {
        var e = Assert.Throws<EstimatorFormatException>(() => EstimatorState.FromJson("{ nope", "bad.json"));
        Assert.Equal("bad.json", e.FileName);
    }

    private static void Set(JsonNode root, string path, string replacement)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = Step(node, part);
        }

        var last = parts[^1];
        var bracket = last.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            node = Step(node, last[..bracket]);
            last = last[bracket..];
        }

        if (replacement == "remove")
        {
            node.AsObject().Remove(last);
        }
        else
        {
            node[last] = JsonNode.Parse(replacement);
        }
    }

    private static JsonNode Step(JsonNode node, string part)
    {
        var bracket = part.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return node[part]!;
        }

        var index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        return node[part[..bracket]]![index]!;
    }
}
