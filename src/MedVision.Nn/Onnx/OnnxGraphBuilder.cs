using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using MedVision.Nn.Onnx.Proto;
using MedVision.Tensors;

namespace MedVision.Nn.Onnx;

/// <summary>
/// The ONNX graph of one module while <see cref="OnnxExport"/> writes it: emitters add nodes through it, name values
/// after the module that computes them (<c>layer1.0.conv1/Conv_12</c>) and turn the module's parameters and buffers
/// into float32 initializers under their own state-dict names. It also knows the input shape every module saw in
/// the probe forward pass, for the emitters whose ONNX form depends on it (adaptive pooling, flattening).
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph;
    private readonly Dictionary<Module, string> _paths = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Tensor, string> _stateNames = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Module, int[]> _inputShapes;
    private readonly HashSet<string> _initializers = new(StringComparer.Ordinal);
    private readonly Stack<string> _scope = new();
    private int _counter;

    public OnnxGraphBuilder(GraphProto graph, Module root, Dictionary<Module, int[]> inputShapes)
    {
        _graph = graph;
        _inputShapes = inputShapes;
        foreach (var (path, module) in root.NamedModules())
        {
            _paths.TryAdd(module, path);
        }

        foreach (var (name, p) in root.NamedParameters())
        {
            _stateNames.TryAdd(p, name);
        }

        foreach (var (name, b) in root.NamedBuffers())
        {
            _stateNames.TryAdd(b, name);
        }
    }

    /// <summary>Emits <paramref name="module"/> on value <paramref name="x"/> and returns the name of its output.</summary>
    public string Emit(Module module, string x)
    {
        _scope.Push(PathOf(module));
        try
        {
            return OnnxEmitters.Emit(this, module, x);
        }
        finally
        {
            _scope.Pop();
        }
    }

    /// <summary>The dotted path of <paramref name="module"/> in the exported module ("" for the root).</summary>
    public string PathOf(Module module) =>
        _paths.TryGetValue(module, out var path) ? path : throw new InvalidOperationException($"{module.GetType().Name} is not part of the exported module");

    /// <summary>The shape (N, …) of the input <paramref name="module"/> received in the probe pass.</summary>
    public int[] InputShape(Module module) =>
        _inputShapes.TryGetValue(module, out var shape) ? shape
            : throw new InvalidOperationException($"module '{PathOf(module)}' ({module.GetType().Name}) was not called in the probe forward pass");

    /// <summary>Adds node <paramref name="op"/> on <paramref name="inputs"/> ("" for an omitted optional input); returns its output.</summary>
    public string Node(string op, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var scope = _scope.Count == 0 || _scope.Peek().Length == 0 ? string.Empty : _scope.Peek() + "/";
        var name = string.Create(CultureInfo.InvariantCulture, $"{scope}{op}_{_counter++}");
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(name);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return name;
    }

    /// <summary>The initializer of a parameter or buffer of the exported module, under its state-dict name.</summary>
    public string State(Tensor tensor)
    {
        var name = _stateNames.TryGetValue(tensor, out var n) ? n : throw new InvalidOperationException("the tensor is not a parameter or buffer of the exported module");
        return _initializers.Contains(name) ? name : Initializer(name, tensor.ShapeArray(), tensor.Data);
    }

    /// <summary>A float32 constant the module does not hold (e.g. adaptive-pooling weights), named <c>{module path}.{suffix}</c>.</summary>
    public string Constant(Module owner, string suffix, int[] shape, ReadOnlySpan<float> values) =>
        Initializer(Join(PathOf(owner), suffix), shape, values);

    /// <summary>An int64 constant (e.g. a Reshape target), named <c>{module path}.{suffix}</c>.</summary>
    public string Constant(Module owner, string suffix, long[] values)
    {
        var name = Unique(Join(PathOf(owner), suffix));
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return name;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, double value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };

    // The operations zoo networks call directly in their forward passes (Ops.Relu, Ops.Add, …).
    public string Relu(string x) => Node("Relu", [x]);

    public string Add(string a, string b) => Node("Add", [a, b]);

    public string Concat(IReadOnlyList<string> values, int axis) => values.Count == 1 ? values[0] : Node("Concat", values, Int("axis", axis));

    /// <summary>(N, d1, …) → (N, d1·…) for <paramref name="axis"/> 1 (ONNX Flatten always gives two dimensions).</summary>
    public string Flatten(string x, int axis) => Node("Flatten", [x], Int("axis", axis));

    /// <summary>(N, C, H, W) → (N, C, 1, 1): <c>Ops.AdaptiveAvgPool2d(x, 1, 1)</c>.</summary>
    public string GlobalAveragePool(string x) => Node("GlobalAveragePool", [x]);

    private string Initializer(string name, int[] shape, ReadOnlySpan<float> values)
    {
        name = Unique(name);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(shape.Select(d => (long)d));
        // raw_data is little-endian by the ONNX standard, as every platform .NET runs on.
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        _graph.Initializer.Add(tensor);
        return name;
    }

    private string Unique(string name)
    {
        var candidate = name;
        for (var i = 1; !_initializers.Add(candidate); i++)
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{name}_{i}");
        }

        return candidate;
    }

    private static string Join(string path, string suffix) => path.Length == 0 ? suffix : $"{path}.{suffix}";
}
