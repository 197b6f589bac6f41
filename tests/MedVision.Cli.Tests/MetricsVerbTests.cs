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

    /// <summary>Twelve cases of three classes (B, M, N), as an experiment's predictions.csv with two models.</summary>
    private string ThreeClassPredictions()
    {
        double[][] p = [[.7, .2, .1], [.5, .3, .2], [.2, .5, .3], [.1, .8, .1], [.3, .4, .3], [.6, .3, .1], [.1, .2, .7], [.2, .2, .6], [.3, .4, .3], [.8, .1, .1], [.2, .6, .2], [.25, .25, .5]];
        int[] y = [0, 0, 0, 1, 1, 1, 2, 2, 2, 0, 1, 2];
        var rows = Enumerable.Range(0, 12).SelectMany(i => new[]
        {
            $"cnn,c{i},g{i},{y[i]},1,0,{string.Join(',', p[i].Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))}",
            $"other,c{i},g{i},{y[i]},1,0,0.4,0.3,0.3",
        });
        return Write("predictions.csv", "model,id,group,label,fold,predicted,p_B,p_M,p_N\n" + string.Join('\n', rows) + "\n");
    }

    [Fact]
    public void Multiclass_Predictions_GiveScikitLearnsMetrics()
    {
        // Reference: scikit-learn 1.2 roc_auc_score(multi_class="ovr", average="macro"), accuracy_score, cohen_kappa_score,
        // matthews_corrcoef and f1_score(average="macro") of these twelve cases.
        var (code, output, error) = Run("metrics", "--scores", ThreeClassPredictions(), "--model", "cnn", "--json", "--bootstrap", "0");

        Assert.True(code == ExitCodes.Success, error);
        using var doc = JsonDocument.Parse(output);
        var metrics = doc.RootElement.GetProperty("metrics");
        Assert.Equal(["B", "M", "N"], metrics.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0.8854166666666666, metrics.GetProperty("auc").GetProperty("value").GetDouble(), 12);
        Assert.Equal(0.75, metrics.GetProperty("accuracy").GetProperty("value").GetDouble(), 12);
        Assert.Equal(0.625, metrics.GetProperty("kappa").GetProperty("value").GetDouble(), 12);
        Assert.Equal(0.6316139407998892, metrics.GetProperty("mcc").GetProperty("value").GetDouble(), 12);
        Assert.Equal(0.7579365079365079, metrics.GetProperty("f1").GetProperty("value").GetDouble(), 12);
        Assert.Equal(12, doc.RootElement.GetProperty("n").GetInt32());
    }

    [Fact]
    public void Multiclass_Table_ShowsEveryClassAndTheConfusionMatrix()
    {
        var (code, output, error) = Run("metrics", "--scores", ThreeClassPredictions(), "--model", "cnn", "--bootstrap", "100");

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("3 classes (B, M, N)", output, StringComparison.Ordinal);
        Assert.Contains("kappa", output, StringComparison.Ordinal);
        Assert.Contains("true \\ predicted", output, StringComparison.Ordinal);
    }

    [Fact]
    public void FileOfSeveralModels_NeedsModel_AndBinaryOptionsAreRefusedForKClasses()
    {
        var file = ThreeClassPredictions();
        var (code, _, error) = Run("metrics", "--scores", file, "--bootstrap", "0");
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("holds 2 models (cnn, other); name one with --model", error, StringComparison.Ordinal);

        (code, _, error) = Run("metrics", "--scores", file, "--model", "nope", "--bootstrap", "0");
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("no rows of model 'nope'", error, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Usage, Run("metrics", "--scores", file, "--model", "cnn", "--target-sensitivity", "0.9").Code);

        var binary = Write("binary.csv", "model,id,label,score\na,1,1,0.9\na,2,0,0.2\nb,1,1,0.1\nb,2,0,0.8\n");
        (code, var json, error) = Run("metrics", "--scores", binary, "--model", "a", "--json", "--bootstrap", "0");
        Assert.True(code == ExitCodes.Success, error);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(1.0, doc.RootElement.GetProperty("metrics").GetProperty("auc").GetProperty("value").GetDouble());
    }

    [Fact]
    public void Multiclass_BadRows_AreErrorsNamingTheLine()
    {
        var sum = Write("sum.csv", "label,p_a,p_b,p_c\n0,0.5,0.5,0.5\n");
        var (code, _, error) = Run("metrics", "--scores", sum, "--bootstrap", "0");
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("line 2: the class probabilities sum to 1.5, not 1", error, StringComparison.Ordinal);

        var label = Write("label.csv", "label,p_a,p_b,p_c\nd,0.2,0.3,0.5\n");
        (code, _, error) = Run("metrics", "--scores", label, "--bootstrap", "0");
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("line 2, column 1 (label): expected a class index 0–2 or one of a, b, c, got 'd'", error, StringComparison.Ordinal);
    }
}
