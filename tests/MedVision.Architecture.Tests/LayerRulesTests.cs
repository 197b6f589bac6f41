using MedVision.Testing;

namespace MedVision.Architecture.Tests;

public class LayerRulesTests
{
    [Fact]
    public void Repository_FollowsTheLayerArrows()
    {
        var graph = LayerRules.ReadGraph(RepoPaths.Root);
        Assert.Equal(LayerRules.Allowed.Keys.Order(StringComparer.Ordinal), graph.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(LayerRules.Violations(graph));
    }

    [Fact]
    public void Checker_ReportsAForbiddenReference()
    {
        var graph = LayerRules.ReadGraph(RepoPaths.Root).ToDictionary(p => p.Key, p => p.Value);
        graph["MedVision.Tensors"] = [.. graph["MedVision.Tensors"], "MedVision.Imaging"];
        graph["MedVision.Evaluation"] = [.. graph["MedVision.Evaluation"], "MedVision.Reports"];

        var violations = LayerRules.Violations(graph);

        Assert.Equal(
            ["MedVision.Evaluation must not reference MedVision.Reports", "MedVision.Tensors must not reference MedVision.Imaging"],
            violations);
    }

    [Fact]
    public void Checker_ReportsAForbiddenReferenceWrittenInACsproj()
    {
        // The same check over a real project file on disk, so the XML reading is tested too.
        var root = Directory.CreateTempSubdirectory("mv-arch-").FullName;
        try
        {
            var dir = Directory.CreateDirectory(Path.Combine(root, "src", "MedVision.Imaging")).FullName;
            File.WriteAllText(Path.Combine(dir, "MedVision.Imaging.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <ItemGroup>
                    <ProjectReference Include="../MedVision.Nn/MedVision.Nn.csproj" />
                  </ItemGroup>
                </Project>
                """);

            var violations = LayerRules.Violations(LayerRules.ReadGraph(root));

            Assert.Equal(["MedVision.Imaging must not reference MedVision.Nn"], violations);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Checker_ReportsAnUnknownProject()
    {
        var graph = new Dictionary<string, IReadOnlyList<string>> { ["MedVision.Extras"] = [] };
        Assert.Equal(["MedVision.Extras is not a layer of docs/architecture.md"], LayerRules.Violations(graph));
    }
}
