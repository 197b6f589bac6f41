using System.Text.Json;
using System.Text.Json.Nodes;

namespace MedVision.Web;

/// <summary>
/// The study runs under one folder (<c>runs/</c>): each direct sub-folder with a <c>results.json</c>. Run ids are
/// folder names of letters, digits, <c>.</c>, <c>_</c> and <c>-</c> (not <c>.</c> or <c>..</c>), and links inside the
/// folder (a run folder or file that is a symbolic link) are not followed, so no id or link leads outside it.
/// </summary>
public sealed class RunCatalog(string folder)
{
    private const string ResultsFile = "results.json";
    private const string ReportFile = "report.html";
    private readonly string _root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;

    /// <summary>Every run, newest first; a run whose results.json cannot be read is listed without models.</summary>
    public IReadOnlyList<RunSummary> List()
    {
        if (!Directory.Exists(_root))
        {
            return [];
        }

        var runs = new List<RunSummary>();
        foreach (var directory in Directory.GetDirectories(_root))
        {
            var id = Path.GetFileName(directory);
            if (IsId(id) && Inside(Path.Combine(directory, ResultsFile)) is { } results)
            {
                runs.Add(Summary(id, results, Inside(Path.Combine(directory, ReportFile)) is not null));
            }
        }

        return [.. runs.OrderByDescending(r => r.Date).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    /// <summary>The path of run <paramref name="id"/>'s report, or null when the id is not a run id or there is no such report inside the folder.</summary>
    public string? Report(string id) => IsId(id) ? Inside(Path.Combine(_root, id, ReportFile)) : null;

    /// <summary>Whether <paramref name="id"/> may name a run folder.</summary>
    public static bool IsId(string id) =>
        id is { Length: > 0 and <= 128 } && id != "." && id != ".."
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>
    /// <paramref name="path"/> (<c>root/id/file</c>) when it is a regular file and neither it nor its run folder is a link;
    /// else null. The id is one path component (<see cref="IsId"/>), so these are the only places a link could lead out.
    /// </summary>
    private static string? Inside(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && file.LinkTarget is null && file.Directory!.LinkTarget is null ? file.FullName : null;
    }

    private static RunSummary Summary(string id, string results, bool hasReport)
    {
        var date = new DateTimeOffset(File.GetLastWriteTimeUtc(results), TimeSpan.Zero);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(results));
        }
        catch (JsonException)
        {
            return new RunSummary(id, null, date, null, [], hasReport);
        }

        var top = root as JsonObject;
        var models = new List<RunModel>();
        foreach (var model in (top?["models"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (String(model["name"]) is { } name)
            {
                var metrics = model["metrics"] as JsonObject;
                models.Add(new RunModel(name, String(model["kind"]), Value(metrics, "auc"), Value(metrics, "accuracy"), Value(metrics, "sensitivity"), Value(metrics, "specificity")));
            }
        }

        return new RunSummary(id, String((top?["dataset"] as JsonObject)?["name"]), date, String((top?["protocol"] as JsonObject)?["description"]), models, hasReport);
    }

    private static string? String(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A metric's <c>value</c> (results.json's <c>{ "value", "ci_low", "ci_high" }</c>), or null.</summary>
    private static double? Value(JsonObject? metrics, string name) =>
        (metrics?[name] as JsonObject)?["value"] is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;
}
