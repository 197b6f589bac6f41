using System.Text.Json;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

public sealed class CompareVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mv-compare-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void MatchesById_AndReportsDeLongAndMcNemar()
    {
        var a = Write("a.csv", "id,label,score\nx1,1,0.9\nx2,1,0.8\nx3,1,0.4\nx4,0,0.3\nx5,0,0.2\nx6,0,0.6\n");
        var b = Write("b.csv", "id,label,score\nx6,0,0.7\nx5,0,0.1\nx4,0,0.8\nx3,1,0.3\nx2,1,0.6\nx1,1,0.4\n");
        var (code, output, error) = Run("compare", a, b, "--json");
        Assert.True(code == ExitCodes.Success, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("id", root.GetProperty("matched_by").GetString());
        Assert.Equal(8 / 9.0, root.GetProperty("auc_a").GetProperty("value").GetDouble(), 12);
        Assert.Equal(3 / 9.0, root.GetProperty("auc_b").GetProperty("value").GetDouble(), 12);
        Assert.Equal(5 / 9.0, root.GetProperty("auc_difference").GetProperty("value").GetDouble(), 12);
        var mcnemar = root.GetProperty("mcnemar");
        // At 0.5: A is right on x1, x2, x4, x5 and B on x2, x5: b (A right, B wrong) = {x1, x4}, c = 0.
        Assert.Equal(2, mcnemar.GetProperty("b").GetInt32());
        Assert.Equal(0, mcnemar.GetProperty("c").GetInt32());
        Assert.Equal("exact", mcnemar.GetProperty("method").GetString());
        Assert.Equal(0.5, mcnemar.GetProperty("p").GetDouble(), 12);

        var table = Run("compare", a, b);
        Assert.Equal(ExitCodes.Success, table.Code);
        Assert.Contains("AUC A − B (DeLong)", table.Out, StringComparison.Ordinal);
        Assert.Contains("6 cases matched by id", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void DifferentLabelsOnARow_IsAnErrorNamingFileAndLine()
    {
        var a = Write("a.csv", "label,score\n1,0.9\n0,0.2\n");
        var b = Write("b.csv", "label,score\n1,0.8\n1,0.3\n");
        var (code, _, error) = Run("compare", a, b);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains($"{b}: line 3: label 1 differs from 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_IsAFailureNamingIt()
    {
        var a = Write("a.csv", "label,score\n1,0.9\n0,0.2\n");
        var (code, _, error) = Run("compare", a, Path.Combine(_dir, "nope.csv"));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("nope.csv: file not found", error, StringComparison.Ordinal);
    }
}
