using System.Xml.Linq;

namespace MedVision.Architecture.Tests;

/// <summary>
/// The allowed project references of docs/architecture.md, and a checker that reports every reference
/// a project graph makes outside them.
/// </summary>
internal static class LayerRules
{
    /// <summary>For each source project, the MedVision projects it may reference directly.</summary>
    public static IReadOnlyDictionary<string, string[]> Allowed { get; } = new Dictionary<string, string[]>
    {
        ["MedVision.Tensors"] = [],
        ["MedVision.Imaging"] = [],
        ["MedVision.Classical"] = [],
        ["MedVision.Evaluation"] = [],
        ["MedVision.Nn"] = ["MedVision.Tensors"],
        ["MedVision.Training"] = ["MedVision.Nn", "MedVision.Tensors", "MedVision.Imaging", "MedVision.Evaluation"],
        ["MedVision.Reports"] = ["MedVision.Evaluation"],
        ["MedVision.Data"] = ["MedVision.Imaging", "MedVision.Evaluation", "MedVision.Reports"],
        ["MedVision.Pipeline"] = ["MedVision.Nn", "MedVision.Training", "MedVision.Data", "MedVision.Imaging", "MedVision.Classical", "MedVision.Evaluation", "MedVision.Reports"],
        ["MedVision.Cli"] = ["MedVision.Pipeline", "MedVision.Web"],
        ["MedVision.Web"] = ["MedVision.Pipeline"],
    };

    /// <summary>
    /// One line per reference that breaks the rules, and one per project the rules do not know;
    /// empty when the graph is clean.
    /// </summary>
    public static IReadOnlyList<string> Violations(IReadOnlyDictionary<string, IReadOnlyList<string>> graph)
    {
        var violations = new List<string>();
        foreach (var (project, references) in graph.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!Allowed.TryGetValue(project, out var allowed))
            {
                violations.Add($"{project} is not a layer of docs/architecture.md");
                continue;
            }

            violations.AddRange(references
                .Where(r => !allowed.Contains(r, StringComparer.Ordinal))
                .Select(r => $"{project} must not reference {r}"));
        }

        return violations;
    }

    /// <summary>The MedVision project references of every <c>src/*/*.csproj</c> under <paramref name="root"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ReadGraph(string root)
    {
        var graph = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var csproj in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var references = XDocument.Load(csproj).Descendants("ProjectReference")
                .Select(e => Path.GetFileNameWithoutExtension((string?)e.Attribute("Include") ?? ""))
                .Where(name => name.StartsWith("MedVision.", StringComparison.Ordinal))
                .ToList();
            graph[Path.GetFileNameWithoutExtension(csproj)] = references;
        }

        return graph;
    }
}
