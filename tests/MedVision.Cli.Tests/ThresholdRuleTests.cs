using System.Text.Json;
using MedVision.Data.Synthetic;
using MedVision.Imaging.Io;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

/// <summary><c>experiment --threshold-rule</c> and <c>evaluate</c>'s transfer check, end to end.</summary>
public sealed class ThresholdRuleTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-rule-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Data(string name, int seed)
    {
        var root = Path.Combine(_root, name);
        foreach (var (sample, image) in MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 8, Seed = seed }))
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, MicrocalcificationPhantom.ClassNames[sample.Label])).FullName;
            ImageFile.Write(Path.Combine(folder, sample.Id + ".png"), image);
        }

        return root;
    }

    [Fact]
    public void ThresholdRule_ChoosesOnValidation_AndEvaluateReportsTheTransfer()
    {
        var study = Path.Combine(_root, "study");
        var (code, _, error) = Run("experiment", "--data", Data("train", 1), "--models", "wavelet-nb", "--folds", "3", "--bootstrap", "0",
            "--threshold-rule", "youden", "--out", study);
        Assert.True(code == ExitCodes.Success, error);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(study, "results.json")));
        var model = results.RootElement.GetProperty("models")[0];
        Assert.Equal("youden", model.GetProperty("validation_threshold").GetProperty("rule").GetString());
        Assert.Equal(3, model.GetProperty("validation_threshold").GetProperty("fold_thresholds").GetArrayLength());

        var external = Path.Combine(_root, "external");
        (code, _, error) = Run("evaluate", "--model", Path.Combine(study, "models", "wavelet-nb"), "--data", Data("other", 5), "--bootstrap", "0", "--out", external);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("calibration on this set: slope", error, StringComparison.Ordinal);
        using var transfer = JsonDocument.Parse(File.ReadAllText(Path.Combine(external, "results.json")));
        var check = transfer.RootElement.GetProperty("models")[0].GetProperty("transfer");
        Assert.True(check.TryGetProperty("calibration_slope", out _));
        Assert.True(check.TryGetProperty("youden_shift", out _));

        (code, _, error) = Run("experiment", "--data", Data("bad", 2), "--models", "wavelet-nb", "--threshold-rule", "median", "--out", Path.Combine(_root, "bad-out"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("evaluation.threshold_rule must be youden, target_sensitivity, best_accuracy, got 'median'", error, StringComparison.Ordinal);
    }
}
