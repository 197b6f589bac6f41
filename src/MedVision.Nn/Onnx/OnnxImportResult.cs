using MedVision.Nn.Weights;

namespace MedVision.Nn.Onnx;

/// <summary>
/// What <see cref="OnnxImport"/> took from an ONNX file: the weights under the architecture's torchvision names
/// (every parameter and buffer but the head when the file has none, so <see cref="Zoo.Transfer.LoadPretrained"/>
/// loads them with a fresh head), how each was obtained, the residual blocks per stage found in the graph, and
/// in words what the file holds and where it differs from torchvision.
/// </summary>
public sealed record OnnxImportResult(
    string Source,
    string Architecture,
    WeightDict Weights,
    IReadOnlyList<OnnxMapping> Mapped,
    IReadOnlyList<int> Blocks,
    bool HasHead,
    bool FoldedBatchNorm,
    string Holds,
    IReadOnlyList<string> Notes);
