using Google.Protobuf;
using MedVision.Nn.Onnx.Proto;
using MedVision.Nn.Weights;
using MedVision.Tensors;

namespace MedVision.Nn.Tests.Support;

/// <summary>
/// Writes ONNX graphs for the import tests with onnx.proto's classes: a ResNet graph from a torchvision-named state
/// dict (batch norm as BatchNormalization nodes, or folded into the convolutions' biases as torch.onnx.export writes
/// in eval mode; optionally CNTK's short end pads; optionally Flatten → Gemm for <c>fc</c>), and small hostile files.
/// </summary>
internal static class OnnxGraphs
{
    public sealed record Style(bool Folded = false, bool Fc = true, bool ShortEndPads = false, float Epsilon = 1e-5f);

    /// <summary>A state dict of <paramref name="model"/> with seeded, non-trivial batch-norm statistics and affine terms.</summary>
    public static WeightDict RandomizedState(Module model, ulong seed)
    {
        var g = new Generator(seed);
        var state = new WeightDict();
        foreach (var (name, t) in model.StateDict())
        {
            float U(double lo, double hi) => (float)(lo + ((hi - lo) * g.NextDouble()));
            var values = name.EndsWith("running_mean", StringComparison.Ordinal) ? [.. t.Values.Select(_ => U(-0.1, 0.1))]
                : name.EndsWith("running_var", StringComparison.Ordinal) ? [.. t.Values.Select(_ => U(0.5, 1.5))]
                : name.Contains(".bn", StringComparison.Ordinal) || name.StartsWith("bn1", StringComparison.Ordinal) || name.Contains("downsample.1", StringComparison.Ordinal)
                    ? name.EndsWith("weight", StringComparison.Ordinal) ? [.. t.Values.Select(_ => U(0.5, 1.5))]
                    : name.EndsWith("bias", StringComparison.Ordinal) ? [.. t.Values.Select(_ => U(-0.1, 0.1))] : t.Values
                : t.Values;
            state.Add(name, t.Shape, values);
        }

        return state;
    }

    /// <summary>The ONNX model of a torchvision-layout basic-block ResNet with the weights of <paramref name="state"/>.</summary>
    public static ModelProto ResNet(WeightDict state, Style style)
    {
        var graph = new GraphProto { Name = "resnet" };
        graph.Input.Add(Value("x", -1, state["conv1.weight"].Shape[1], -1, -1));
        var n = 0;
        string Fresh(string what) => $"{what}_{n++}";

        string ConvBn(string x, string conv, string bn, int stride, int pad)
        {
            var w = state[$"{conv}.weight"];
            var node = new NodeProto { OpType = "Conv", Name = Fresh("conv") };
            node.Input.Add(x);
            var bnNames = (Weight: $"{bn}.weight", Bias: $"{bn}.bias", Mean: $"{bn}.running_mean", Var: $"{bn}.running_var");
            if (style.Folded)
            {
                var (fw, fb) = Fold(w, state[bnNames.Weight], state[bnNames.Bias], state[bnNames.Mean], state[bnNames.Var], style.Epsilon);
                node.Input.Add(Initializer(graph, Fresh("W"), fw));
                node.Input.Add(Initializer(graph, Fresh("B"), fb));
            }
            else
            {
                node.Input.Add(Initializer(graph, Fresh("W"), w));
            }

            var end = style.ShortEndPads && stride == 2 ? pad - 1 : pad;
            node.Attribute.Add(Ints("kernel_shape", w.Shape[2], w.Shape[3]));
            node.Attribute.Add(Ints("strides", stride, stride));
            node.Attribute.Add(Ints("pads", pad, pad, end, end));
            node.Attribute.Add(Ints("dilations", 1, 1));
            node.Attribute.Add(new AttributeProto { Name = "group", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            var y = Fresh("y");
            node.Output.Add(y);
            graph.Node.Add(node);
            if (style.Folded)
            {
                return y;
            }

            var norm = new NodeProto { OpType = "BatchNormalization", Name = Fresh("bn") };
            norm.Input.Add(y);
            foreach (var name in new[] { bnNames.Weight, bnNames.Bias, bnNames.Mean, bnNames.Var })
            {
                norm.Input.Add(Initializer(graph, Fresh("P"), state[name]));
            }

            norm.Attribute.Add(new AttributeProto { Name = "epsilon", Type = AttributeProto.Types.AttributeType.Float, F = style.Epsilon });
            var z = Fresh("z");
            norm.Output.Add(z);
            graph.Node.Add(norm);
            return z;
        }

        string Op(string op, string[] inputs, params AttributeProto[] attributes)
        {
            var node = new NodeProto { OpType = op, Name = Fresh(op) };
            node.Input.Add(inputs);
            node.Attribute.Add(attributes);
            var y = Fresh("y");
            node.Output.Add(y);
            graph.Node.Add(node);
            return y;
        }

        var h = Op("Relu", [ConvBn("x", "conv1", "bn1", 2, 3)]);
        var poolEnd = style.ShortEndPads ? 0 : 1;
        h = Op("MaxPool", [h], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, poolEnd, poolEnd));
        for (var stage = 1; stage <= 4; stage++)
        {
            for (var b = 0; state.Contains($"layer{stage}.{b}.conv1.weight"); b++)
            {
                var p = $"layer{stage}.{b}";
                var stride = b == 0 && stage > 1 ? 2 : 1;
                var skip = state.Contains($"{p}.downsample.0.weight") ? ConvBn(h, $"{p}.downsample.0", $"{p}.downsample.1", stride, 0) : h;
                var main = ConvBn(Op("Relu", [ConvBn(h, $"{p}.conv1", $"{p}.bn1", stride, 1)]), $"{p}.conv2", $"{p}.bn2", 1, 1);
                h = Op("Relu", [Op("Add", [main, skip])]);
            }
        }

        h = Op("GlobalAveragePool", [h]);
        if (style.Fc)
        {
            h = Op("Flatten", [h], new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            h = Op("Gemm", [h, Initializer(graph, "fc.weight", state["fc.weight"]), Initializer(graph, "fc.bias", state["fc.bias"])],
                new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        }

        graph.Output.Add(Value(h));
        return Model(graph);
    }

    /// <summary>A model around <paramref name="graph"/> (IR 7, opset 11, producer "medvision-tests").</summary>
    public static ModelProto Model(GraphProto graph)
    {
        var model = new ModelProto { IrVersion = 7, ProducerName = "medvision-tests", ProducerVersion = "1", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 11 });
        return model;
    }

    /// <summary>One Relu node on input "x" with one FLOAT initializer "w" of <paramref name="dims"/> holding <paramref name="values"/> as raw data.</summary>
    public static ModelProto Tiny(long[] dims, float[] values, string op = "Relu")
    {
        var graph = new GraphProto { Name = "tiny" };
        graph.Input.Add(Value("x", 1, 4));
        var tensor = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.Add(dims);
        graph.Initializer.Add(tensor);
        var node = new NodeProto { OpType = op, Name = "act" };
        node.Input.Add("x");
        node.Output.Add("y");
        graph.Node.Add(node);
        graph.Output.Add(Value("y", 1, 4));
        return Model(graph);
    }

    public static string Write(ModelProto model, string path)
    {
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    /// <summary>Batch norm folded into the convolution: W·γ/√(var + eps), β − μ·γ/√(var + eps), in double.</summary>
    private static (WeightTensor W, WeightTensor B) Fold(WeightTensor w, WeightTensor gamma, WeightTensor beta, WeightTensor mean, WeightTensor var, float eps)
    {
        int o = w.Shape[0], per = w.Count / o;
        var fw = new float[w.Count];
        var fb = new float[o];
        for (var c = 0; c < o; c++)
        {
            var scale = gamma.Values[c] / Math.Sqrt(var.Values[c] + (double)eps);
            for (var i = 0; i < per; i++)
            {
                fw[(c * per) + i] = (float)(w.Values[(c * per) + i] * scale);
            }

            fb[c] = (float)(beta.Values[c] - (mean.Values[c] * scale));
        }

        return (new WeightTensor(w.Shape, fw), new WeightTensor([o], fb));
    }

    private static string Initializer(GraphProto graph, string name, WeightTensor t)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(t.Shape.Select(d => (long)d));
        tensor.FloatData.Add(t.Values);
        graph.Initializer.Add(tensor);
        return name;
    }

    private static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.Add(values);
        return a;
    }

    private static ValueInfoProto Value(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = $"d{shape.Dim.Count}" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            // No dimensions: the shape is left unknown.
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = dims.Length > 0 ? shape : null } },
        };
    }
}
