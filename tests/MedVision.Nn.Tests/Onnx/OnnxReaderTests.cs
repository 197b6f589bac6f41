using System.Diagnostics;
using Google.Protobuf;
using MedVision.Nn.Onnx;
using MedVision.Nn.Onnx.Proto;
using MedVision.Nn.Tests.Support;

namespace MedVision.Nn.Tests.Onnx;

public sealed class OnnxReaderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("medvision-onnx-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    [Fact]
    public void Read_GivesNodesAttributesShapesAndInitializers()
    {
        var path = OnnxGraphs.Write(OnnxGraphs.Tiny([2, 2], [1, 2, 3, 4]), PathOf("tiny.onnx"));

        var model = OnnxReader.Read(path);

        Assert.Equal(path, model.Source);
        Assert.Equal(7, model.IrVersion);
        Assert.Equal("medvision-tests", model.ProducerName);
        Assert.Equal(11, model.Opsets[""]);
        var node = Assert.Single(model.Graph.Nodes);
        Assert.Equal("Relu", node.OpType);
        Assert.Equal(["x"], node.Inputs);
        Assert.Equal("(1, 4)", Assert.Single(model.Graph.Inputs).ShapeText);
        Assert.Equal([2, 2], model.Graph.Initializers["w"].Shape);
        Assert.Equal([1f, 2, 3, 4], model.Graph.Initializers["w"].Values);
    }

    [Fact]
    public void Read_TypedFieldsAndOtherTypes_BecomeFloat32()
    {
        var model = OnnxGraphs.Tiny([1], [0]);
        model.Graph.Initializer.Clear();
        var doubles = new TensorProto { Name = "d", DataType = (int)TensorProto.Types.DataType.Double };
        doubles.Dims.Add(2);
        doubles.DoubleData.Add([0.5, -2]);
        var longs = new TensorProto { Name = "i", DataType = (int)TensorProto.Types.DataType.Int64 };
        longs.Dims.Add(3);
        longs.Int64Data.Add([1, -1, 7]);
        var half = new TensorProto { Name = "h", DataType = (int)TensorProto.Types.DataType.Float16, RawData = ByteString.CopyFrom(BitConverter.GetBytes((Half)1.5f)) };
        half.Dims.Add(1);
        model.Graph.Initializer.Add([doubles, longs, half]);

        var read = OnnxReader.Read(model.ToByteArray());

        Assert.Equal([0.5f, -2], read.Graph.Initializers["d"].Values);
        Assert.Equal([1f, -1, 7], read.Graph.Initializers["i"].Values);
        Assert.Equal([1.5f], read.Graph.Initializers["h"].Values);
    }

    [Fact]
    public void Read_TruncatedFile_IsFormatErrorNamingIt()
    {
        var bytes = OnnxGraphs.Tiny([1000], new float[1000]).ToByteArray();
        var path = PathOf("truncated.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<OnnxFormatException>(() => OnnxReader.Read(path));

        Assert.Equal(path, e.FileName);
        Assert.StartsWith($"{path}: not a readable ONNX model (truncated or not protobuf)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LyingDims_IsFormatErrorBeforeAnyLargeAllocation()
    {
        // 2^28 elements (1 GiB of float32) declared, 16 bytes present.
        var path = OnnxGraphs.Write(OnnxGraphs.Tiny([1 << 14, 1 << 14], [1, 2, 3, 4]), PathOf("lying.onnx"));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<OnnxFormatException>(() => OnnxReader.Read(path));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000, "the reader allocated for the declared dimensions");
        Assert.Equal(path, e.FileName);
        Assert.Contains("initializer 'w' (FLOAT, dimensions [16384, 16384]) needs 1073741824 bytes of raw_data but holds 16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DimsBeyondAnArray_IsFormatError()
    {
        var bytes = OnnxGraphs.Tiny([1L << 40, 1L << 40], [1, 2, 3, 4]).ToByteArray();

        var e = Assert.Throws<OnnxFormatException>(() => OnnxReader.Read(bytes, "huge.onnx"));

        Assert.Contains("initializer 'w' has an invalid dimension 1099511627776", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FloatDataShorterThanDims_IsFormatError()
    {
        var model = OnnxGraphs.Tiny([1], [0]);
        var w = model.Graph.Initializer[0];
        w.ClearRawData();
        w.Dims.Clear();
        w.Dims.Add([1000, 1000]);
        w.FloatData.Add([1f, 2f]);

        var e = Assert.Throws<OnnxFormatException>(() => OnnxReader.Read(model.ToByteArray(), "short.onnx"));

        Assert.Contains("needs 1000000 values but holds 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnsupportedDataType_ListsTheReadableOnes()
    {
        var model = OnnxGraphs.Tiny([1], [0]);
        var s = new TensorProto { Name = "s", DataType = (int)TensorProto.Types.DataType.String };
        s.Dims.Add(1);
        s.StringData.Add(ByteString.CopyFromUtf8("text"));
        model.Graph.Initializer.Add(s);

        var e = Assert.Throws<OnnxFormatException>(() => OnnxReader.Read(model.ToByteArray(), "strings.onnx"));

        Assert.Contains("initializer 's' has data type STRING; readable are FLOAT, DOUBLE, FLOAT16, INT32, INT64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ExternalData_IsRefused()
    {
        var model = OnnxGraphs.Tiny([1], [0]);
        var w = model.Graph.Initializer[0];
        w.ClearRawData();
        w.DataLocation = TensorProto.Types.DataLocation.External;
        w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "../../etc/passwd" });

        var e = Assert.Throws<OnnxFormatException>(() => OnnxReader.Read(model.ToByteArray(), "external.onnx"));

        Assert.Contains("keeps its data in an external file, which is not read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotProtobuf_IsFormatError()
    {
        var path = PathOf("text.onnx");
        File.WriteAllText(path, "this is not an ONNX model at all\n");

        var e = Assert.Throws<OnnxFormatException>(() => OnnxReader.Read(path));

        Assert.Equal(path, e.FileName);
    }

    [Fact]
    public void Read_Directory_IsRefused()
    {
        var e = Assert.Throws<OnnxFormatException>(() => OnnxReader.Read(_dir.FullName));

        Assert.Equal($"{_dir.FullName}: is a directory, not an ONNX file", e.Message);
    }

    [Fact]
    public async Task Read_Fifo_IsRefusedWithoutBlocking()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var path = PathOf("pipe.onnx");
        using (var p = Process.Start(new ProcessStartInfo("mkfifo", $"\"{path}\"") { RedirectStandardError = true }))
        {
            p!.WaitForExit();
            Assert.Equal(0, p.ExitCode);
        }

        // Opening a FIFO for reading blocks until a writer comes; the reader must refuse before that.
        var read = Task.Run(() => OnnxReader.Read(path));
        Assert.True(await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(20))) == read, "reading a FIFO blocked");
        var e = await Assert.ThrowsAsync<OnnxFormatException>(() => read);
        Assert.Equal(path, e.FileName);
        Assert.Contains("not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_IsFormatErrorNamingIt()
    {
        var path = PathOf("absent.onnx");

        var e = Assert.Throws<OnnxFormatException>(() => OnnxReader.Read(path));

        Assert.Equal($"{path}: no such file", e.Message);
    }

    [Fact]
    public void Read_EmptyGraph_IsFormatError()
    {
        var model = OnnxGraphs.Tiny([1], [0]);
        model.Graph.Node.Clear();

        var e = Assert.Throws<OnnxFormatException>(() => OnnxReader.Read(model.ToByteArray(), "empty.onnx"));

        Assert.Equal("empty.onnx: not an ONNX model: it has no graph with nodes", e.Message);
    }
}
