using Google.Protobuf;
using MedVision.Nn.Onnx;
using MedVision.Tensors.Autograd;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = MedVision.Tensors.Tensor;

namespace MedVision.Nn.Tests.Onnx;

/// <summary>ONNX Runtime as the independent reference for exported models, and a reader of the file's own fields.</summary>
internal static class OnnxReference
{
    /// <summary>Runs <paramref name="model"/> on x (shape <paramref name="shape"/>) in ONNX Runtime with graph optimisations off; the output and its shape.</summary>
    public static (float[] Values, int[] Shape) Run(byte[] model, float[] x, int[] shape)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, IntraOpNumThreads = 2 };
        using var session = new InferenceSession(model, options);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, new DenseTensor<float>(x, shape))]);
        var y = results.Single(r => r.Name == OnnxExport.OutputName).AsTensor<float>();
        return (y.ToArray(), y.Dimensions.ToArray());
    }

    /// <summary>Our evaluation-mode forward pass of x and its shape.</summary>
    public static (float[] Values, int[] Shape) Forward(Module model, float[] x, int[] shape)
    {
        model.Eval();
        using var noGrad = GradMode.NoGrad();
        var y = model.Forward(Tensor.From(x, shape));
        return (y.ToArray(), y.ShapeArray());
    }

    public static double MaxAbsDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
    }

    /// <summary>
    /// Names of the graph's initializers and the model's IR and opset versions, read from the protobuf wire format
    /// (ModelProto.ir_version = 1, graph = 7, opset_import = 8 (version = 2); GraphProto.initializer = 5; TensorProto.name = 8).
    /// </summary>
    public static (long IrVersion, long Opset, List<string> Initializers) Fields(byte[] model)
    {
        long ir = 0, opset = 0;
        var names = new List<string>();
        foreach (var (field, value) in Read(ByteString.CopyFrom(model)))
        {
            if (field == 1)
            {
                ir = value.Number;
            }
            else if (field == 8)
            {
                opset = Read(value.Bytes!).Single(f => f.Field == 2).Value.Number;
            }
            else if (field == 7)
            {
                names.AddRange(Read(value.Bytes!).Where(f => f.Field == 5).Select(f => Read(f.Value.Bytes!).Single(t => t.Field == 8).Value.Bytes!.ToStringUtf8()));
            }
        }

        return (ir, opset, names);
    }

    private static List<(int Field, (long Number, ByteString? Bytes) Value)> Read(ByteString message)
    {
        var fields = new List<(int, (long, ByteString?))>();
        var input = new CodedInputStream(message.ToByteArray());
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint:
                    fields.Add((field, (input.ReadInt64(), null)));
                    break;
                case WireFormat.WireType.LengthDelimited:
                    fields.Add((field, (0, input.ReadBytes())));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return fields;
    }
}
