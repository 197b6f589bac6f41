using System.Text.Json.Nodes;
using MedVision.Pipeline.Bundles;

namespace MedVision.Pipeline.Tests;

/// <summary>Edits one field of a bundle's <c>model.json</c> in place, for the tests of its validation.</summary>
internal static class ManifestEditor
{
    /// <summary>
    /// Replaces the dotted <paramref name="field"/> of the manifest in <paramref name="folder"/> by the JSON
    /// <paramref name="replacement"/>, or removes it when the replacement is <c>remove</c>; returns the manifest's path.
    /// </summary>
    public static string Apply(string folder, string field, string replacement)
    {
        var path = Path.Combine(folder, ModelBundle.ManifestFile);
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var parts = field.Split('.');
        var parent = parts[..^1].Aggregate(root, (node, part) => node[part]!);
        if (replacement == "remove")
        {
            parent.AsObject().Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = JsonNode.Parse(replacement);
        }

        File.WriteAllText(path, root.ToJsonString());
        return path;
    }
}
