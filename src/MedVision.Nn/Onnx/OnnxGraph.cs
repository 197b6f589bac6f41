using MedVision.Nn.Weights;

namespace MedVision.Nn.Onnx;

/// <summary>
/// An ONNX graph: nodes in file order (ONNX requires topological order), the initializers converted to float32
/// (<see cref="WeightDict"/>, in file order), and the inputs that are not initializers and the outputs.
/// </summary>
public sealed record OnnxGraph(
    string Name,
    IReadOnlyList<OnnxNode> Nodes,
    WeightDict Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs);
