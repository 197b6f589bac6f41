using MedVision.Data.Synthetic;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

public sealed class BenchVerbTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-bench-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Train_ReportsEpochTimesAndTheForwardCost()
    {
        WritePhantom();
        var (code, output, error) = Run("bench", "train", "--arch", "seed-cnn", "--data", _root, "--epochs", "2", "--batch", "4", "--threads", "1");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("epoch 2/2", error, StringComparison.Ordinal);
        Assert.Contains("training images/s", output, StringComparison.Ordinal);
        Assert.Contains("forward MFLOP per image", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_InputSizeAndLimit_ResizeAndSubsetTheTrainingImages()
    {
        WritePhantom();
        var (code, output, error) = Run("bench", "train", "--arch", "seed-cnn", "--data", _root, "--epochs", "1", "--batch", "4", "--threads", "1",
            "--input-size", "40", "--limit", "4");

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("1×40×40", output, StringComparison.Ordinal);
        // 8 of the 10 phantom images train (80%); --limit keeps a stratified 4 of them, 2 per class.
        Assert.Matches(@"images\s*│\s*4\s", output);
    }

    [Fact]
    public void Infer_ReportsImagesPerSecond()
    {
        var (code, output, _) = Run("bench", "infer", "--arch", "seed-cnn", "--input", "1x60x60", "--batch", "2", "--iterations", "1", "--outputs", "1");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("images/s", output, StringComparison.Ordinal);
        Assert.Contains("83.5", output, StringComparison.Ordinal);
    }

    [Fact]
    public void BadShape_IsAUsageError()
    {
        var (code, _, error) = Run("bench", "infer", "--input", "224x224");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--input must look like 3x224x224", error, StringComparison.Ordinal);
    }

    private void WritePhantom()
    {
        foreach (var (sample, image) in MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 5, PatchesPerRegion = 1, Size = 32 }))
        {
            var folder = Directory.CreateDirectory(Path.Combine(_root, sample.Label.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
            Imaging.Io.ImageFile.Write(Path.Combine(folder, sample.Id + ".png"), image);
        }
    }
}
