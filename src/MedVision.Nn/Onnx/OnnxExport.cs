using System.Globalization;
using System.Reflection;
using Google.Protobuf;
using MedVision.Nn.Onnx.Proto;
using MedVision.Tensors;
using MedVision.Tensors.Autograd;

namespace MedVision.Nn.Onnx;

/// <summary>
/// Writes a module as an ONNX model (<c>ModelProto</c>, opset <see cref="Opset"/>, IR version <see cref="IrVersion"/>)
/// with evaluation-mode semantics: graph input <c>input</c> (N, C, H, W) with a symbolic batch dimension <c>N</c>,
/// output <c>logits</c> (N, outputs), and every parameter and batch-norm running statistic as a float32
/// initializer under its state-dict name (<c>layer1.0.conv1.weight</c>, torchvision's names). The spatial size is
/// fixed: a probe forward pass of one zero image at C×H×W checks that the module takes it and gives each emitter the
/// shapes it needs. Layers map to ONNX nodes through one table (<see cref="OnnxEmitters"/>); networks with their own
/// forward code emit their children in forward order (<see cref="IOnnxExportable"/>). A module with neither throws
/// <see cref="OnnxUnsupportedModuleException"/> naming its path and type. Mirrors <c>torch.onnx.export</c> with
/// <c>dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}</c>.
/// </summary>
public static class OnnxExport
{
    /// <summary>
    /// Opset 17: the newest that ONNX 1.12 (whose onnx.proto, IR version 8, MedVision compiles) defines, so its
    /// checker and ONNX Runtime 1.12 or later accept the file; every operator used here is unchanged since opset 13–15.
    /// </summary>
    public const int Opset = 17;

    /// <summary>IR version 8, the one opset 17 ships with (ONNX 1.12).</summary>
    public const long IrVersion = 8;

    /// <summary>The graph's input name.</summary>
    public const string InputName = "input";

    /// <summary>The graph's output name.</summary>
    public const string OutputName = "logits";

    /// <summary>The ONNX model of <paramref name="module"/> for C×H×W inputs, as bytes.</summary>
    public static byte[] ToBytes(Module module, int channels, int height, int width, OnnxExportOptions? options = null) =>
        Build(module, channels, height, width, options ?? new OnnxExportOptions()).ToByteArray();

    /// <summary>Writes the ONNX model of <paramref name="module"/> for C×H×W inputs to <paramref name="path"/>.</summary>
    public static void Save(Module module, string path, int channels, int height, int width, OnnxExportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var model = Build(module, channels, height, width, options ?? new OnnxExportOptions());
        using var file = File.Create(path);
        model.WriteTo(file);
    }

    internal static ModelProto Build(Module module, int channels, int height, int width, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(options);
        if (channels < 1 || height < 1 || width < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), $"the input must be C×H×W with sizes ≥ 1, got {channels}×{height}×{width}");
        }

        var (inputShapes, outputShape) = Probe(module, channels, height, width);
        var graph = new GraphProto { Name = options.Architecture ?? module.GetType().Name };
        var builder = new OnnxGraphBuilder(graph, module, inputShapes);
        var output = builder.Emit(module, InputName);
        NameOutput(graph, output);
        graph.Input.Add(Value(InputName, [channels, height, width]));
        graph.Output.Add(Value(OutputName, outputShape[1..]));

        var size = $"{channels}x{height}x{width}";
        var outputs = string.Join("x", outputShape[1..].Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "MedVision",
            ProducerVersion = typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? string.Empty,
            DocString = options.Description ?? $"{options.Architecture ?? module.GetType().Name}: float32 input (N, {channels}, {height}, {width}) → logits (N, {outputs})",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        if (options.Architecture is { } architecture)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = "architecture", Value = architecture });
        }

        model.MetadataProps.Add(new StringStringEntryProto { Key = "input_size", Value = size });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "outputs", Value = outputs });
        foreach (var (key, value) in options.Metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    /// <summary>
    /// One evaluation-mode forward pass of a zero image, recording each module's input shape; the training flags
    /// of all modules are restored afterwards. An input the module cannot take fails here with the module's own error.
    /// </summary>
    private static (Dictionary<Module, int[]> Inputs, int[] Output) Probe(Module module, int channels, int height, int width)
    {
        var modes = module.NamedModules().Select(m => (m.Value, m.Value.Training)).ToList();
        var shapes = new Dictionary<Module, int[]>(ReferenceEqualityComparer.Instance);
        var hooks = module.NamedModules().Select(m => m.Value.RegisterForwardHook((self, input, _) => shapes.TryAdd(self, input.ShapeArray()), holdsTensors: false)).ToList();
        try
        {
            module.Eval();
            using var noGrad = GradMode.NoGrad();
            using var scope = TensorScope.Begin(everything: true);
            var output = module.Forward(Tensor.Zeros(1, channels, height, width));
            return (shapes, output.ShapeArray());
        }
        finally
        {
            foreach (var hook in hooks)
            {
                hook.Remove();
            }

            // Pre-order, so each module ends with its own flag although Train sets a whole subtree.
            foreach (var (m, training) in modes)
            {
                m.Train(training);
            }
        }
    }

    /// <summary>Gives the graph's last value the name <see cref="OutputName"/> (through Identity when it is the input itself).</summary>
    private static void NameOutput(GraphProto graph, string output)
    {
        var producer = graph.Node.LastOrDefault(n => n.Output.Contains(output));
        if (producer is null || graph.Node.Any(n => n.Input.Contains(output)))
        {
            var identity = new NodeProto { OpType = "Identity", Name = OutputName };
            identity.Input.Add(output);
            identity.Output.Add(OutputName);
            graph.Node.Add(identity);
            return;
        }

        producer.Output[producer.Output.IndexOf(output)] = OutputName;
    }

    /// <summary>A float32 value (N, dims…) with the symbolic batch dimension N.</summary>
    private static ValueInfoProto Value(string name, int[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
