using MedVision.Nn.Weights;
using MedVision.Testing;

namespace MedVision.Nn.Tests.Weights;

public sealed class SafeTensorsTests
{
    private static string File(string name) => RepoPaths.Fixture("nn", "weights", name);

    [Fact]
    public void Read_PythonWrittenFile_ConvertsEveryDtypeAndKeepsMetadata()
    {
        var weights = SafeTensors.Read(File("valid.safetensors"));

        Assert.Equal(["a", "b", "c", "d"], weights.Names);
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            var expected = NpyFixture.Load("nn", "weights", $"valid_{name}.npy");
            Assert.Equal(expected.Shape, weights[name].Shape);
            Assert.Equal(expected.AsFloat(), weights[name].Values);
        }

        Assert.Equal("pt", weights.Metadata["format"]);
        Assert.Equal("seed-cnn", weights.Metadata["arch"]);
    }

    [Fact]
    public void WriteThenRead_RoundTripsNamesShapesValuesAndMetadata()
    {
        var weights = new WeightDict();
        weights.Add("features.0.weight", [2, 1, 3, 3], [.. Enumerable.Range(0, 18).Select(i => i * 0.25f - 2)]);
        weights.Add("scalar", [], [3.5f]);
        weights.Add("empty", [0, 4], []);
        weights.Metadata["arch"] = "seed-cnn";

        var bytes = SafeTensors.ToBytes(weights);
        var back = SafeTensors.Read(bytes);

        Assert.Equal(0, (bytes.Length - 8 - back.ElementCount * 4) % 8);
        Assert.Equal(weights.Names, back.Names);
        foreach (var (name, tensor) in weights)
        {
            Assert.Equal(tensor.Shape, back[name].Shape);
            Assert.Equal(tensor.Values, back[name].Values);
        }

        Assert.Equal("seed-cnn", back.Metadata["arch"]);
    }

    [Theory]
    [InlineData("lying_header_length.safetensors", "invalid header length")]
    [InlineData("huge_header_length.safetensors", "header too large")]
    [InlineData("overlapping_offsets.safetensors", "overlaps")]
    [InlineData("out_of_bounds.safetensors", "past the end")]
    [InlineData("trailing_bytes.safetensors", "trailing bytes")]
    [InlineData("wrong_length.safetensors", "needs 12 bytes")]
    [InlineData("not_json.safetensors", "invalid header deserialization")]
    [InlineData("too_small.safetensors", "header too small")]
    public void Read_HostileFile_IsTypedErrorNamingFileAndProblem(string name, string problem)
    {
        var e = Assert.Throws<WeightFormatException>(() => SafeTensors.Read(File(name)));

        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.EndsWith(name, e.FileName, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GapBetweenTensors_IsError()
    {
        var weights = new WeightDict();
        weights.Add("x", [2], [1, 2]);
        var bytes = SafeTensors.ToBytes(weights);
        var text = System.Text.Encoding.UTF8.GetString(bytes, 8, bytes.Length - 16);
        var shifted = text.Replace("[0,8]", "[4,12]", StringComparison.Ordinal);
        System.Text.Encoding.UTF8.GetBytes(shifted).CopyTo(bytes, 8);

        var e = Assert.Throws<WeightFormatException>(() => SafeTensors.Read(bytes, "gap"));
        Assert.Contains("gap after the previous tensor", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownDtype_IsError()
    {
        var header = "{\"x\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        var bytes = new byte[8 + header.Length + 8];
        BitConverter.GetBytes((ulong)header.Length).CopyTo(bytes, 0);
        System.Text.Encoding.ASCII.GetBytes(header).CopyTo(bytes, 8);

        var e = Assert.Throws<WeightFormatException>(() => SafeTensors.Read(bytes, "c64"));
        Assert.Contains("'C64'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SafeTensors_EmptyTensorName_IsFormatError()
    {
        var header = "{\"\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        var bytes = new byte[8 + header.Length + 4];
        BitConverter.GetBytes((ulong)header.Length).CopyTo(bytes, 0);
        System.Text.Encoding.ASCII.GetBytes(header).CopyTo(bytes, 8);

        var e = Assert.Throws<WeightFormatException>(() => SafeTensors.Read(bytes, "empty.safetensors"));
        Assert.Contains("empty.safetensors: invalid header: a tensor has an empty name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SafeTensors_FileLargerThanBudget_IsFormatError()
    {
        var e = Assert.Throws<WeightFormatException>(() => SafeTensors.Read(File("valid.safetensors"), new WeightReadOptions { MaxBytes = 100 }));
        Assert.Contains("valid.safetensors: file size", e.Message, StringComparison.Ordinal);
        Assert.Contains("WeightReadOptions.MaxBytes", e.Message, StringComparison.Ordinal);
    }
}
