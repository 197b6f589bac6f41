namespace MedVision.Nn.Onnx;

/// <summary>
/// A node attribute: <see cref="Kind"/> says which field holds the value (<c>INT</c> → <see cref="Int"/>,
/// <c>FLOAT</c> → <see cref="Float"/>, <c>STRING</c> → <see cref="Text"/>, <c>INTS</c> → <see cref="Ints"/>,
/// <c>FLOATS</c> → <see cref="Floats"/>); tensor and graph attributes keep only their kind.
/// </summary>
public sealed record OnnxAttributeValue(string Name, string Kind, long Int, float Float, string Text, IReadOnlyList<long> Ints, IReadOnlyList<float> Floats)
{
    /// <summary>The value for messages: <c>3</c>, <c>1E-05</c>, <c>NOTSET</c>, <c>[1, 1, 0, 0]</c>.</summary>
    public string ValueText => Kind switch
    {
        "INT" => Int.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "FLOAT" => Float.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "STRING" => Text,
        "INTS" => $"[{string.Join(", ", Ints)}]",
        "FLOATS" => $"[{string.Join(", ", Floats.Select(f => f.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]",
        _ => Kind,
    };
}
