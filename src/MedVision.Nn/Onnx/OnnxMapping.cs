namespace MedVision.Nn.Onnx;

/// <summary>One imported weight: its torchvision <paramref name="Parameter"/> name and where it came from in the file.</summary>
public sealed record OnnxMapping(string Parameter, string From);
