using System.Text.Json;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

public sealed class MetricsVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mv-metrics-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Eight cases: AUC 15/16 (one positive–negative pair inverted), 3 TP, 1 FN, 3 TN, 1 FP at 0.5.</summary>
    private string Scores() => Write("s.csv", "label,score,group\n1,0.9,a\n1,0.8,b\n1,0.7,c\n1,0.3,d\n0,0.6,e\n0,0.2,f\n0,0.1,g\n0,0.05,h\n");

    [Fact]
    public void Json_HasResultsJsonMetricObjects_AndKnownValues()
    {
        var (code, output, error) = Run("metrics", "--scores", Scores(), "--json", "--bootstrap", "200", "--seed", "3");
        Assert.True(code == ExitCodes.Success, error);
        using var doc = JsonDocument.Parse(output);
        var metrics = doc.RootElement.GetProperty("metrics");
        Assert.Equal(15 / 16.0, metrics.GetProperty("auc").GetProperty("value").GetDouble(), 12);
        Assert.Equal(0.75, metrics.GetProperty("sensitivity").GetProperty("value").GetDouble(), 12);
        Assert.Equal(0.75, metrics.GetProperty("specificity").GetProperty("value").GetDouble(), 12);
        foreach (var key in new[] { "auc", "accuracy", "sensitivity", "specificity", "precision", "f1", "mcc", "balanced_accuracy" })
        {
            var m = metrics.GetProperty(key);
            Assert.True(m.GetProperty("ci_low").GetDouble() <= m.GetProperty("value").GetDouble() + 1e-12, key);
            Assert.True(m.GetProperty("ci_high").GetDouble() >= m.GetProperty("value").GetDouble() - 1e-12, key);
        }

        Assert.Equal(8, doc.RootElement.GetProperty("groups").GetInt32());
        Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("calibration").GetProperty("brier").ValueKind);

        var again = Run("metrics", "--scores", Scores(), "--json", "--bootstrap", "200", "--seed", "3");
        Assert.Equal(output, again.Out); // seeded: same bytes
    }

    [Fact]
    public void Table_ListsMetricsAndTheTargetOperatingPoint()
    {
        var (code, output, error) = Run("metrics", "--scores", Scores(), "--target-sensitivity", "1", "--bootstrap", "0");
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("auc", output, StringComparison.Ordinal);
        Assert.Contains("0.9375", output, StringComparison.Ordinal);
        Assert.Contains("sensitivity ≥ 1.0000", output, StringComparison.Ordinal);
        Assert.Contains("0.3000", output, StringComparison.Ordinal); // the threshold reaching every positive
        Assert.Contains("group column present but --bootstrap 0", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// The eight cases reach accuracy 7/8 for thresholds in (0.2, 0.3] and (0.6, 0.7]: the sweep 0, 0.01, … picks the
    /// lowest, 0.21; Youden's J is 0.75 at 0.3 and at 0.7, and the highest tied threshold is kept.
    /// </summary>
    [Theory]
    [InlineData("best-accuracy", 0.21, 0.875)]
    [InlineData("youden", 0.7, 0.875)]
    public void OperatingPoint_ByRule_PicksTheDocumentedThreshold(string rule, double threshold, double accuracy)
    {
        var (code, output, error) = Run("metrics", "--scores", Scores(), "--operating-point", rule, "--bootstrap", "0", "--json");
        Assert.True(code == ExitCodes.Success, error);
        using var doc = JsonDocument.Parse(output);
        var point = Assert.Single(doc.RootElement.GetProperty("operating_points").EnumerateArray());
        Assert.Equal(threshold, point.GetProperty("threshold").GetProperty("value").GetDouble(), 12);
        Assert.Equal(accuracy, point.GetProperty("accuracy").GetProperty("value").GetDouble(), 12);

        var table = Run("metrics", "--scores", Scores(), "--operating-point", rule, "--bootstrap", "0");
        Assert.Contains(rule == "youden" ? "Youden's J" : "best accuracy", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void OneClassFile_ReportsNaNAndWarns_NotACrash()
    {
        var (code, output, error) = Run("metrics", "--scores", Write("one.csv", "label,score\n1,0.2\n1,0.7\n"), "--bootstrap", "0");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("NaN", output, StringComparison.Ordinal);
        Assert.Contains("warning:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BadCsv_NamesFileLineAndColumn()
    {
        var path = Write("bad.csv", "label,score\n1,0.3\n0,oops\n");
        var (code, _, error) = Run("metrics", "--scores", path);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains($"{path}: line 3, column 2 (score): expected a finite number, got 'oops'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bootstrap", "1", "--bootstrap must be 0 (no intervals) or ≥ 2, got 1")]
    [InlineData("--target-sensitivity", "1.5", "--target-sensitivity must be in [0, 1], got 1.5")]
    [InlineData("--confidence", "1", "--confidence must be in (0, 1), got 1")]
    [InlineData("--operating-point", "f1", "--operating-point must be youden or best-accuracy, got 'f1'")]
    public void BadOptions_AreUsageErrors(string option, string value, string message)
    {
        var (code, _, error) = Run("metrics", "--scores", Scores(), option, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingScores_IsUsageError()
    {
        var (code, _, error) = Run("metrics");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--scores", error, StringComparison.Ordinal);
    }
}
