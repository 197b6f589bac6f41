namespace MedVision.Nn.Onnx;

/// <summary>
/// A network whose forward pass is code of its own rather than a stack of layers (ResNet and its blocks, AlexNet,
/// VGG, the VGG fusion models). It writes the same computation as ONNX nodes beside its <c>ForwardCore</c>, calling
/// <see cref="OnnxGraphBuilder.Emit"/> for each child module and the graph's helpers for the operations it calls directly.
/// </summary>
internal interface IOnnxExportable
{
    /// <summary>Emits the evaluation-mode forward pass on value <paramref name="input"/>; returns the output's name.</summary>
    string EmitOnnx(OnnxGraphBuilder graph, string input);
}
