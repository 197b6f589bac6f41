using MedVision.Imaging.Io;
using MedVision.Nn.Weights;
using MedVision.Nn.Zoo;
using MedVision.Tensors;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

public sealed class ModelVerbTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("medvision-model-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void List_NamesEveryZooEntry()
    {
        var (code, output, _) = Run("model", "list");

        Assert.Equal(ExitCodes.Success, code);
        Assert.All(ModelZoo.All, e => Assert.Contains(e.Name, output, StringComparison.Ordinal));
    }

    [Fact]
    public void Summary_SeedCnn_PrintsKerasTotals()
    {
        var (code, output, _) = Run("model", "summary", "--arch", "seed-cnn", "--input", "1x60x60");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Total params: 568,449", output, StringComparison.Ordinal);
        Assert.Contains("(None, 128, 3, 3)", output, StringComparison.Ordinal);
        Assert.Contains("0 (Conv2d)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1x60", "--input must be CxHxW")]
    [InlineData("0x60x60", "--input must be CxHxW")]
    public void Summary_BadInput_IsUsageError(string input, string message)
    {
        var (code, _, error) = Run("model", "summary", "--arch", "seed-cnn", "--input", input);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_UnknownArch_IsUsageErrorListingNames()
    {
        var (code, _, error) = Run("model", "summary", "--arch", "lenet");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("unknown architecture 'lenet'", error, StringComparison.Ordinal);
        Assert.Contains("seed-cnn", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SafetensorsWeights_WritesTheLibrarysLogits()
    {
        var model = ModelZoo.Create("seed-cnn", 1, 60, 60, outputs: 1, seed: 4);
        model.Eval();
        var weights = Path.Combine(_dir.FullName, "w.safetensors");
        SafeTensors.Write(weights, model.StateDict());
        var x = Tensor.Uniform(new Generator(2), 0f, 1f, 3, 1, 60, 60);
        var input = Path.Combine(_dir.FullName, "x.npy");
        NpyWriter.Write(input, new NpyArray([3, 1, 60, 60], x.ToArray()));
        var output = Path.Combine(_dir.FullName, "y.npy");

        var (code, _, error) = Run("model", "run", "--arch", "seed-cnn", "--weights", weights, "--input", input, "--output", output, "--batch", "2");

        Assert.True(code == ExitCodes.Success, error);
        var y = NpyReader.Read(output);
        Assert.Equal([3, 1], y.Shape);
        Assert.Equal(model.Forward(x).ToArray(), y.ToFloatArray());
    }

    [Fact]
    public void Run_HostileWeights_FailsWithTheFileNamed()
    {
        var weights = Path.Combine(_dir.FullName, "bad.safetensors");
        File.WriteAllBytes(weights, [1, 2, 3]);
        var input = Path.Combine(_dir.FullName, "x.npy");
        NpyWriter.Write(input, new NpyArray([1, 1, 60, 60], new float[3600]));

        var (code, _, error) = Run("model", "run", "--arch", "seed-cnn", "--weights", weights, "--input", input, "--output", Path.Combine(_dir.FullName, "y.npy"));

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("bad.safetensors", error, StringComparison.Ordinal);
        Assert.Contains("header too small", error, StringComparison.Ordinal);
    }
}
