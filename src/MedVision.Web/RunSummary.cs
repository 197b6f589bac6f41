namespace MedVision.Web;

/// <summary>
/// One study run of <c>GET /api/runs</c>: a folder <c>runs/&lt;id&gt;/</c> with a <c>results.json</c>.
/// </summary>
/// <param name="Id">The folder name; the report is at <c>/runs/{id}/report.html</c>.</param>
/// <param name="Dataset">results.json's <c>dataset.name</c>.</param>
/// <param name="Date">When results.json was written (UTC, ISO 8601).</param>
/// <param name="Protocol">results.json's <c>protocol.description</c>.</param>
/// <param name="Models">Each model's headline metrics.</param>
/// <param name="HasReport">Whether the folder holds a <c>report.html</c>.</param>
public sealed record RunSummary(string Id, string? Dataset, DateTimeOffset Date, string? Protocol, IReadOnlyList<RunModel> Models, bool HasReport);

/// <summary>A model of a run with its point estimates (null where results.json has none, such as K-class studies' AUC).</summary>
public sealed record RunModel(string Name, string? Kind, double? Auc, double? Accuracy, double? Sensitivity, double? Specificity);
