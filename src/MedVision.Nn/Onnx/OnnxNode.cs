namespace MedVision.Nn.Onnx;

/// <summary>
/// One graph node: operator (<see cref="OpType"/> in <see cref="Domain"/>, <c>""</c> for <c>ai.onnx</c>), the
/// names of the values it reads and writes (an empty input name is an omitted optional input) and its attributes.
/// </summary>
public sealed record OnnxNode(
    string Name,
    string OpType,
    string Domain,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, OnnxAttributeValue> Attributes)
{
    /// <summary>The node for messages: its name and operator, <c>Convolution249 (Conv)</c>, or the first output's name when unnamed.</summary>
    public string Label => $"{(Name.Length > 0 ? Name : (Outputs.Count > 0 ? Outputs[0] : "?"))} ({OpType})";

    /// <summary>The integer attribute <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    public long Int(string name, long fallback) => Attributes.TryGetValue(name, out var a) && a.Kind == "INT" ? a.Int : fallback;

    /// <summary>The float attribute <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    public float Float(string name, float fallback) => Attributes.TryGetValue(name, out var a) && a.Kind == "FLOAT" ? a.Float : fallback;

    /// <summary>The string attribute <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    public string Text(string name, string fallback) => Attributes.TryGetValue(name, out var a) && a.Kind == "STRING" ? a.Text : fallback;

    /// <summary>The integer-list attribute <paramref name="name"/>, or null when absent.</summary>
    public IReadOnlyList<long>? Ints(string name) => Attributes.TryGetValue(name, out var a) && a.Kind == "INTS" ? a.Ints : null;
}
