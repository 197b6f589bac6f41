using MedVision.Imaging.Io;
using MedVision.Nn.Onnx;
using MedVision.Nn.Weights;
using MedVision.Nn.Zoo;
using MedVision.Tensors;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

public sealed class ModelImportVerbTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("medvision-import-");

    public void Dispose() => _dir.Delete(recursive: true);

    [ImageNetResNet18Fact]
    public void Import_ImageNetResNet18_WritesSafetensorsThatModelRunAndTheZooLoad()
    {
        var weights = Path.Combine(_dir.FullName, "w.safetensors");

        var (code, output, error) = Run("model", "import", "imagenet-resnet18", "--arch", "resnet18-mlnet", "--out", weights);

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("conv1.weight ← Parameter91 (Convolution249 (Conv) W)", output, StringComparison.Ordinal);
        Assert.Contains("layer4.2.bn2.running_var ← ", output, StringComparison.Ordinal);
        Assert.Contains("512-d pooled features, no fc (head left at its initialisation)", output, StringComparison.Ordinal);
        Assert.Contains("resnet18-mlnet: 110 tensors mapped; fc (1 logit) initialised with seed 0", error, StringComparison.Ordinal);

        var state = SafeTensors.Read(weights);
        var model = ModelZoo.Create("resnet18-mlnet", 3, 224, 224, outputs: 1);
        model.LoadStateDict(state);
        var file = OnnxReader.Read(ImageNetResNet18Files.Locate().Model).Graph.Initializers;
        Assert.Equal(file["Parameter91"].Values, model.StateDict()["conv1.weight"].Values);
        Assert.Equal(file["Constant420"].Values, model.StateDict()["layer4.2.bn2.running_var"].Values);

        var x = Tensor.Uniform(new Generator(1), -100f, 100f, 1, 3, 64, 64);
        var input = Path.Combine(_dir.FullName, "x.npy");
        NpyWriter.Write(input, new NpyArray([1, 3, 64, 64], x.ToArray()));
        var logits = Path.Combine(_dir.FullName, "y.npy");
        (code, _, error) = Run("model", "run", "--arch", "resnet18-mlnet", "--weights", weights, "--input", input, "--output", logits);
        Assert.True(code == ExitCodes.Success, error);
        model.Eval();
        Assert.Equal(model.Forward(x).ToArray(), NpyReader.Read(logits).ToFloatArray());
    }

    [ImageNetResNet18Fact]
    public void Import_IntoTorchvisionResnet18_FailsNamingTheFileAndBothLayouts()
    {
        var (code, _, error) = Run("model", "import", "imagenet-resnet18", "--arch", "resnet18", "--out", Path.Combine(_dir.FullName, "w.safetensors"));

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("ResNet18.onnx: the graph is a ResNet with [2, 2, 2, 3] basic blocks per stage, which does not fit resnet18 ([2, 2, 2, 2])", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "w.safetensors")));
    }

    [Fact]
    public void Import_Directory_FailsNamingIt()
    {
        var (code, _, error) = Run("model", "import", _dir.FullName, "--out", Path.Combine(_dir.FullName, "w.safetensors"));

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains($"{_dir.FullName}: is a directory, not an ONNX file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_UnknownArch_IsUsageError()
    {
        var (code, _, error) = Run("model", "import", "x.onnx", "--arch", "lenet", "--out", "w.safetensors");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--arch: unknown architecture 'lenet'", error, StringComparison.Ordinal);
    }
}
