namespace MedVision.Nn.Onnx;

/// <summary>A graph input or output: its name and tensor shape, a dimension being null where it is symbolic or unknown.</summary>
public sealed record OnnxValueInfo(string Name, IReadOnlyList<long?> Shape)
{
    /// <summary>The shape as <c>(1, 3, 224, 224)</c>, <c>?</c> for unknown dimensions.</summary>
    public string ShapeText => $"({string.Join(", ", Shape.Select(d => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"))})";
}
