using System.Diagnostics;
using System.Globalization;
using MedVision.Data.Synthetic;
using MedVision.Imaging.Io;

namespace MedVision.Cli.Tests;

/// <summary>
/// The resumability bar, for real: <c>medvision experiment</c> runs as a child process, is killed once its first
/// training checkpoint exists, and is started again with the same command; it must end with the predictions of a run
/// that was never interrupted, byte for byte.
/// </summary>
public sealed class ExperimentResumeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-resume-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void KilledDuringTraining_RerunResumes_AndEndsWithTheSamePredictions()
    {
        var config = WriteStudy();
        var reference = Path.Combine(_root, "reference");
        var (code, _, err) = Medvision(config, reference);
        Assert.True(code == 0, err);

        var resumed = Path.Combine(_root, "resumed");
        using (var process = Start(config, resumed))
        {
            var checkpoints = Path.Combine(resumed, "checkpoints");
            var watch = Stopwatch.StartNew();
            while (!process.HasExited && !(Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "checkpoint.safetensors", SearchOption.AllDirectories).Any()))
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "no checkpoint appeared within a minute");
                Thread.Sleep(5);
            }

            Assert.False(process.HasExited, "the run ended before it could be interrupted");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        Assert.False(File.Exists(Path.Combine(resumed, "predictions.csv")));
        (code, _, err) = Medvision(config, resumed);
        Assert.True(code == 0, err);
        Assert.Contains("resuming from", err, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "predictions.csv")), File.ReadAllBytes(Path.Combine(resumed, "predictions.csv")));
        Assert.False(Directory.Exists(Path.Combine(resumed, "checkpoints")), "checkpoints were not removed after the run");
    }

    /// <summary>A two-fold seed-cnn study on 40 phantom patches, as class folders and a YAML config.</summary>
    private string WriteStudy()
    {
        var data = Path.Combine(_root, "data");
        foreach (var (sample, image) in MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 10, PatchesPerRegion = 2, Size = 32, Seed = 4 }))
        {
            var folder = Directory.CreateDirectory(Path.Combine(data, sample.Label.ToString(CultureInfo.InvariantCulture))).FullName;
            ImageFile.Write(Path.Combine(folder, $"{sample.Id}.png"), image);
        }

        var config = Path.Combine(_root, "study.yaml");
        File.WriteAllText(config, """
            data: data
            protocol:
              folds: 2
            models:
              - name: seed-cnn
                epochs: 4
                batch_size: 8
                augment: true
                schedule: onecycle
            evaluation:
              bootstrap: 0
            latex: false
            threads: 1
            """);
        return config;
    }

    private static Process Start(string config, string output)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { typeof(CliApp).Assembly.Location, "experiment", "--config", config, "--out", output })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static (int Code, string Out, string Err) Medvision(string config, string output)
    {
        using var process = Start(config, output);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
