using System.Text.Json;
using MedVision.Pipeline.Experiments;

namespace MedVision.Pipeline.Tests;

/// <summary><c>positive_class</c>: the class binary scores, metrics and thresholds refer to.</summary>
public sealed class PositiveClassTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("mv-positive-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private ExperimentConfig Phantom(string? positive) => new()
    {
        Out = _out,
        PhantomRegionsPerClass = 8,
        PositiveClass = positive,
        Protocol = new ProtocolConfig { Folds = 2 },
        Models = [new ModelConfig { Name = "wavelet-nb" }],
        Evaluation = new EvaluationConfig { Bootstrap = 0 },
    };

    [Fact]
    public void FirstClassNamedPositive_BecomesLabelOne_InResultsReportAndBundle()
    {
        var byDefault = new ExperimentRunner(Phantom(null)).Run();
        var outcome = new ExperimentRunner(Phantom("normal")).Run();
        ExperimentWriter.Write(outcome, _out);

        Assert.Equal(["microcalcification", "normal"], outcome.Store.Dataset.ClassNames);
        Assert.Equal(byDefault.Store.Dataset.Samples.Select(s => 1 - s.Label), outcome.Store.Dataset.Samples.Select(s => s.Label));
        var normals = outcome.Store.Dataset.Samples.Count(s => s.Label == 1);
        Assert.Equal(normals, outcome.Results.Models[0].Metrics.Positives);
        Assert.Equal("microcalcification", byDefault.Results.Dataset.PositiveClass);

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "results.json")));
        Assert.Equal("normal", doc.RootElement.GetProperty("dataset").GetProperty("positive_class").GetString());
        Assert.Contains("Positive class: normal.", File.ReadAllText(Path.Combine(_out, "report.html")), StringComparison.Ordinal);
        var bundle = Bundles.ModelBundle.Load(Path.Combine(_out, "models", "wavelet-nb"));
        Assert.Equal(["microcalcification", "normal"], bundle.Manifest.ClassNames);
        Assert.Equal("normal", bundle.Label(0.99));
    }

    [Fact]
    public void PositiveClass_IsAYamlKey() =>
        Assert.Equal("Tumor", ExperimentConfigLoader.Parse("positive_class: Tumor\n").PositiveClass);

    [Fact]
    public void UnknownOrMulticlassPositiveClass_IsAConfigError()
    {
        var e = Assert.Throws<ExperimentConfigException>(() => new ExperimentRunner(Phantom("Tumor")).Run());
        Assert.Contains("positive_class 'Tumor' is not a class of (generated); its classes are normal and microcalcification", e.Message, StringComparison.Ordinal);

        var data = MulticlassStudyTests.WriteShapes(_out, 2, 1, 1);
        e = Assert.Throws<ExperimentConfigException>(() => new ExperimentRunner(Phantom("1") with { Data = data }).Run());
        Assert.Contains("positive_class '1' needs two classes", e.Message, StringComparison.Ordinal);
    }
}
