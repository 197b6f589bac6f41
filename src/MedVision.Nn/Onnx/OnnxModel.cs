namespace MedVision.Nn.Onnx;

/// <summary>
/// What an ONNX file (<c>ModelProto</c>) holds, as read by <see cref="OnnxReader"/>: the IR version, the producer,
/// the operator sets by domain (<c>""</c> is the default <c>ai.onnx</c> domain) and the main graph.
/// </summary>
public sealed record OnnxModel(
    string Source,
    long IrVersion,
    string ProducerName,
    string ProducerVersion,
    IReadOnlyDictionary<string, long> Opsets,
    OnnxGraph Graph);
