using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MedVision.Data.Synthetic;
using MedVision.Imaging.Io;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

/// <summary>What a study's report says must be what its files hold and what its rerun command does.</summary>
public sealed partial class ReportTruthTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-truth-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A two-fold wavelet study on 48 phantom patches in class folders.</summary>
    private string Study(string name, params string[] extra) => StudyWithLog(name, extra).Output;

    private (string Output, string Log) StudyWithLog(string name, params string[] extra)
    {
        var data = Path.Combine(_root, "data");
        if (!Directory.Exists(data))
        {
            foreach (var (sample, image) in MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 12, PatchesPerRegion = 2, Size = 32, Seed = 5 }))
            {
                var folder = Directory.CreateDirectory(Path.Combine(data, sample.Label.ToString(CultureInfo.InvariantCulture))).FullName;
                ImageFile.Write(Path.Combine(folder, $"{sample.Id}.png"), image);
            }
        }

        var output = Path.Combine(_root, name);
        var (code, _, err) = Run([
            "experiment", "--data", data, "--models", "wavelet-nb,wavelet-rf", "--folds", "2", "--bootstrap", "50", "--threads", "1",
            "--group-pattern", "^(?<group>.+)_\\d+\\.png$", "--out", output, .. extra]);
        Assert.True(code == 0, err);
        return (output, err);
    }

    [Fact]
    public void Report_RerunCommand_WorksFromTheRepository_AndGivesTheSamePredictions()
    {
        var output = Study("study");
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        var rerun = results.RootElement.GetProperty("reproducibility").GetProperty("rerun").GetString()!;
        Assert.Contains(rerun, File.ReadAllText(Path.Combine(output, "report.html")), StringComparison.Ordinal);

        const string prefix = "dotnet run --project src/MedVision.Cli -c Release -- ";
        Assert.StartsWith(prefix, rerun, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(MedVision.Testing.RepoPaths.Root, "src", "MedVision.Cli", "MedVision.Cli.csproj")), "the rerun's project path is not in the repository");
        var (code, _, err) = Run(rerun[prefix.Length..].Split(' '));
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllBytes(Path.Combine(output, "predictions.csv")), File.ReadAllBytes(Path.Combine(output + "-rerun", "predictions.csv")));
    }

    [Fact]
    public void Report_ConfigDump_LeavesOutUnusedSections()
    {
        var yaml = File.ReadAllText(Path.Combine(Study("study"), "config.yaml"));
        Assert.DoesNotContain("mias:", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("luna:", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("phantom_regions_per_class", yaml, StringComparison.Ordinal);
        Assert.Contains("models:", yaml, StringComparison.Ordinal);
        Assert.Contains("seed:", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_NumbersEqualResultsJson()
    {
        var output = Study("study");
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        foreach (var model in results.RootElement.GetProperty("models").EnumerateArray())
        {
            var name = model.GetProperty("name").GetString()!;
            var row = Regex.Match(html, $"<tr><td>{Regex.Escape(name)}</td>(.*?)</tr>").Groups[1].Value;
            var cells = Regex.Matches(row, "<td>(.*?)</td>").Select(m => m.Groups[1].Value).ToList();
            var metrics = model.GetProperty("metrics");
            // Columns after model and kind: AUC, accuracy, sensitivity, specificity, PPV, NPV, F1, MCC, balanced accuracy.
            string[] keys = ["auc", "accuracy", "sensitivity", "specificity", "precision", "npv", "f1", "mcc", "balanced_accuracy"];
            for (var k = 0; k < keys.Length; k++)
            {
                var e = metrics.GetProperty(keys[k]);
                var expected = $"{F(e.GetProperty("value").GetDouble())} ({F(e.GetProperty("ci_low").GetDouble())}–{F(e.GetProperty("ci_high").GetDouble())})";
                Assert.Equal(expected, System.Net.WebUtility.HtmlDecode(cells[k + 1]).TrimEnd('†'));
            }

            var ece = model.GetProperty("expected_calibration_error").GetDouble();
            Assert.Contains($"expected calibration error {F(ece)} (10 equal-width bins)", html, StringComparison.Ordinal);
            Assert.Contains($"ECE {F(ece)} (10 bins)", html, StringComparison.Ordinal);
        }

        Assert.Contains("<th>PPV (precision)</th><th>NPV</th>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_NamesThePositiveClass_AndTheOperatingPointOfTheConfusionMatrix()
    {
        var html = File.ReadAllText(Path.Combine(Study("study", "--positive-class", "0"), "report.html"));
        Assert.Contains("Positive class: 0.", html, StringComparison.Ordinal);
        Assert.Contains("Operating point: threshold 0.500 (evaluation.threshold, fixed before the study)", html, StringComparison.Ordinal);
        Assert.Contains("Confusion matrix, wavelet-nb, threshold 0.500", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_CountFoldsFromOne_Everywhere()
    {
        var output = Study("study");
        Assert.Equal(["1", "2"], File.ReadLines(Path.Combine(output, "folds.csv")).Skip(1).Select(l => l.Split(',')[3]).Distinct().Order());
        Assert.Equal(["1", "2"], File.ReadLines(Path.Combine(output, "predictions.csv")).Skip(1).Select(l => l.Split(',')[4]).Distinct().Order());
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        var folds = results.RootElement.GetProperty("models")[0].GetProperty("folds").EnumerateArray().Select(f => f.GetProperty("fold").GetInt32());
        Assert.Equal([1, 2], folds);
    }

    [Fact]
    public void Logs_AreNotWrappedAt80Columns_WhenNotATerminal()
    {
        var (output, log) = StudyWithLog("a-study-folder-whose-name-alone-is-longer-than-the-eighty-columns-a-terminal-fallback-would-allow");
        Assert.Contains(log.Split('\n'), line => line.Contains($"files to {output} in", StringComparison.Ordinal));
    }

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
