namespace MedVision.Nn.Onnx;

/// <summary>
/// What <see cref="OnnxExport"/> records beside the graph: the architecture's name, a description (the model's
/// <c>doc_string</c>) and further key/value pairs for <c>metadata_props</c> (for a model bundle: input scale, class
/// names, threshold), so a consumer can reproduce the preprocessing.
/// </summary>
public sealed record OnnxExportOptions
{
    /// <summary>The zoo architecture (<c>seed-cnn</c>); recorded as <c>architecture</c> when given.</summary>
    public string? Architecture { get; init; }

    /// <summary>The model's <c>doc_string</c>; default a line naming the architecture, input and output.</summary>
    public string? Description { get; init; }

    /// <summary>Further <c>metadata_props</c>, written in this order after <c>architecture</c>, <c>input_size</c> and <c>outputs</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];
}
