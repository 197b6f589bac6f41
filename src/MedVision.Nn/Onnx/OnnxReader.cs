using System.Buffers.Binary;
using Google.Protobuf;
using MedVision.Nn.Onnx.Proto;
using MedVision.Nn.Weights;

namespace MedVision.Nn.Onnx;

/// <summary>
/// Reads an ONNX model file (the protobuf <c>ModelProto</c> of onnx.proto) into <see cref="OnnxModel"/>: nodes and
/// their attributes, graph inputs and outputs with their shapes, and the initializers as float32
/// <see cref="WeightTensor"/>s. Initializers of type FLOAT, DOUBLE, FLOAT16, INT32 and INT64 are read, from
/// <c>raw_data</c> (little-endian) or from the typed fields; every other type, external data and segmented
/// tensors are refused. The file must be a regular, non-empty file of at most <see cref="MaxFileBytes"/> bytes;
/// before anything is allocated, each initializer's dimensions × element size are checked against the data it
/// carries, and all initializers together may not hold more elements than <see cref="MaxInitializerElements"/>.
/// </summary>
public static class OnnxReader
{
    /// <summary>Largest file read: protobuf's own limit for one message (2 GiB − 1).</summary>
    public const long MaxFileBytes = int.MaxValue;

    /// <summary>Most float32 elements all initializers of one file may hold together (1 G, 4 GiB).</summary>
    public const long MaxInitializerElements = 1L << 30;

    private static readonly string Readable = "FLOAT, DOUBLE, FLOAT16, INT32, INT64";

    /// <summary>Reads the ONNX file at <paramref name="path"/>.</summary>
    /// <exception cref="OnnxFormatException">The file is missing, not a regular file, malformed or refused; the message names it.</exception>
    public static OnnxModel Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new OnnxFormatException(path, "is a directory, not an ONNX file");
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new OnnxFormatException(path, "no such file");
        }

        // Pipes, sockets and devices report a length of 0 and would block or never end on reading; an empty
        // regular file is no model either, so a zero length is refused before the file is opened.
        if (info.Length == 0)
        {
            throw new OnnxFormatException(path, "is empty or not a regular file (a FIFO, socket or device); an ONNX model is a regular file");
        }

        if (info.Length > MaxFileBytes)
        {
            throw new OnnxFormatException(path, $"holds {info.Length} bytes, more than the {MaxFileBytes} a protobuf message may have");
        }

        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        {
            bytes = new byte[info.Length];
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read != bytes.Length || stream.ReadByte() != -1)
            {
                throw new OnnxFormatException(path, $"changed while it was read ({info.Length} bytes expected)");
            }
        }

        return Read(bytes, path);
    }

    /// <summary>Reads an ONNX model held in memory; <paramref name="source"/> names it in errors.</summary>
    public static OnnxModel Read(byte[] bytes, string source = "<memory>")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxFormatException(source, $"not a readable ONNX model (truncated or not protobuf): {e.Message}", e);
        }

        if (proto.Graph is null || proto.Graph.Node.Count == 0)
        {
            throw new OnnxFormatException(source, "not an ONNX model: it has no graph with nodes");
        }

        if (proto.IrVersion < 3)
        {
            throw new OnnxFormatException(source, $"IR version {proto.IrVersion} is too old; IR 3 (ONNX 1.0) or later is read");
        }

        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var o in proto.OpsetImport)
        {
            opsets[o.Domain] = o.Version;
        }

        return new OnnxModel(source, proto.IrVersion, proto.ProducerName, proto.ProducerVersion, opsets, ReadGraph(proto.Graph, source));
    }

    private static OnnxGraph ReadGraph(GraphProto graph, string source)
    {
        if (graph.SparseInitializer.Count > 0)
        {
            throw new OnnxFormatException(source, $"graph has {graph.SparseInitializer.Count} sparse initializers, which are not read");
        }

        var initializers = new WeightDict();
        long total = 0;
        foreach (var t in graph.Initializer)
        {
            if (initializers.Contains(t.Name))
            {
                throw new OnnxFormatException(source, $"initializer '{t.Name}' appears twice");
            }

            var tensor = ReadTensor(t, source);
            total += tensor.Count;
            if (total > MaxInitializerElements)
            {
                throw new OnnxFormatException(source, $"initializers hold more than {MaxInitializerElements} elements together");
            }

            initializers.Add(t.Name.Length > 0 ? t.Name : throw new OnnxFormatException(source, "an initializer has no name"), tensor);
        }

        var nodes = graph.Node.Select(n => ReadNode(n, source)).ToList();
        var inputs = graph.Input.Where(v => !initializers.Contains(v.Name)).Select(ReadValueInfo).ToList();
        return new OnnxGraph(graph.Name, nodes, initializers, inputs, [.. graph.Output.Select(ReadValueInfo)]);
    }

    private static OnnxNode ReadNode(NodeProto n, string source)
    {
        var attributes = new Dictionary<string, OnnxAttributeValue>(StringComparer.Ordinal);
        foreach (var a in n.Attribute)
        {
            if (!attributes.TryAdd(a.Name, ReadAttribute(a)))
            {
                throw new OnnxFormatException(source, $"node '{n.Name}' ({n.OpType}) has the attribute '{a.Name}' twice");
            }
        }

        return new OnnxNode(n.Name, n.OpType, n.Domain, [.. n.Input], [.. n.Output], attributes);
    }

    private static OnnxAttributeValue ReadAttribute(AttributeProto a) => new(
        a.Name,
        a.Type.ToString().ToUpperInvariant(),
        a.I,
        a.F,
        a.S.ToStringUtf8(),
        [.. a.Ints],
        [.. a.Floats]);

    private static OnnxValueInfo ReadValueInfo(ValueInfoProto v) =>
        new(v.Name, v.Type?.TensorType?.Shape is { } shape ? [.. shape.Dim.Select(d => d.HasDimValue ? d.DimValue : (long?)null)] : []);

    /// <summary>The tensor as float32, after its dimensions are checked against the bytes or values it carries.</summary>
    private static WeightTensor ReadTensor(TensorProto t, string source)
    {
        var what = $"initializer '{t.Name}'";
        if (t.DataLocation == TensorProto.Types.DataLocation.External || t.ExternalData.Count > 0)
        {
            throw new OnnxFormatException(source, $"{what} keeps its data in an external file, which is not read; save the model with its weights inside (onnx.save_model(..., save_as_external_data=False))");
        }

        if (t.Segment is not null)
        {
            throw new OnnxFormatException(source, $"{what} is a segment of a larger tensor, which is not read");
        }

        var shape = new int[t.Dims.Count];
        long count = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            var d = t.Dims[i];
            if (d < 0 || d > Array.MaxLength)
            {
                throw new OnnxFormatException(source, $"{what} has an invalid dimension {d} in [{string.Join(", ", t.Dims)}]");
            }

            shape[i] = (int)d;
            count = count == 0 || d == 0 ? 0 : count <= Array.MaxLength / d ? count * d : long.MaxValue;
        }

        if (count > Array.MaxLength)
        {
            throw new OnnxFormatException(source, $"{what} with dimensions [{string.Join(", ", t.Dims)}] has more elements than an array can hold");
        }

        var type = (TensorProto.Types.DataType)t.DataType;
        var size = type switch
        {
            TensorProto.Types.DataType.Float or TensorProto.Types.DataType.Int32 => 4,
            TensorProto.Types.DataType.Double or TensorProto.Types.DataType.Int64 => 8,
            TensorProto.Types.DataType.Float16 => 2,
            _ => throw new OnnxFormatException(source, $"{what} has data type {TypeName(t.DataType)}; readable are {Readable}"),
        };

        // The data present must match the dimensions exactly; only then is the float32 array allocated.
        var raw = t.HasRawData;
        long present = raw ? t.RawData.Length : type switch
        {
            TensorProto.Types.DataType.Float => t.FloatData.Count,
            TensorProto.Types.DataType.Double => t.DoubleData.Count,
            TensorProto.Types.DataType.Int64 => t.Int64Data.Count,
            _ => t.Int32Data.Count,
        };
        var expected = raw ? count * size : count;
        if (present != expected)
        {
            var unit = raw ? "bytes of raw_data" : "values";
            throw new OnnxFormatException(source, $"{what} ({TypeName(t.DataType)}, dimensions [{string.Join(", ", t.Dims)}]) needs {expected} {unit} but holds {present}");
        }

        var values = new float[count];
        if (raw)
        {
            var bytes = t.RawData.Span;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = type switch
                {
                    TensorProto.Types.DataType.Float => BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]),
                    TensorProto.Types.DataType.Double => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]),
                    TensorProto.Types.DataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes[(8 * i)..]),
                    TensorProto.Types.DataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]),
                    _ => (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]),
                };
            }
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = type switch
                {
                    TensorProto.Types.DataType.Float => t.FloatData[i],
                    TensorProto.Types.DataType.Double => (float)t.DoubleData[i],
                    TensorProto.Types.DataType.Int64 => t.Int64Data[i],
                    TensorProto.Types.DataType.Int32 => t.Int32Data[i],
                    // FLOAT16 values travel as their 16 bits in int32_data.
                    _ => (float)BitConverter.UInt16BitsToHalf((ushort)t.Int32Data[i]),
                };
            }
        }

        return new WeightTensor(shape, values);
    }

    private static string TypeName(int dataType) =>
        Enum.IsDefined((TensorProto.Types.DataType)dataType) ? ((TensorProto.Types.DataType)dataType).ToString().ToUpperInvariant() : $"#{dataType}";
}
