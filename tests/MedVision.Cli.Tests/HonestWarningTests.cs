using System.Globalization;
using System.Text.Json;
using MedVision.Data.Synthetic;
using MedVision.Imaging;
using MedVision.Imaging.Io;
using MedVision.Pipeline.Bundles;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

/// <summary>The newcomer's traps: each is warned about or refused with an explanation, never passed over in silence.</summary>
public sealed class HonestWarningTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-honest-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Data(string name, int seed, int regions = 8)
    {
        var root = Path.Combine(_root, name);
        foreach (var (sample, image) in MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = regions, Seed = seed }))
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, MicrocalcificationPhantom.ClassNames[sample.Label])).FullName;
            ImageFile.Write(Path.Combine(folder, sample.Id + ".png"), image);
        }

        return root;
    }

    private string Bundle(string data, string name = "study")
    {
        var study = Path.Combine(_root, name);
        var (code, _, error) = Run("experiment", "--data", data, "--models", "wavelet-nb", "--folds", "3", "--bootstrap", "0", "--out", study);
        Assert.True(code == ExitCodes.Success, error);
        return Path.Combine(study, "models", "wavelet-nb");
    }

    [Fact]
    public void Evaluate_OnImagesThatTrainedTheBundle_Warns()
    {
        var train = Data("train", 1);
        var bundlePath = Bundle(train);
        Assert.True(File.Exists(Path.Combine(bundlePath, ModelBundle.TrainingImagesFile)));

        // A new set that reuses three training images under new names, beside fresh ones.
        var mixed = Data("mixed", 2);
        var reused = Directory.GetFiles(Path.Combine(train, "normal")).Take(3).ToList();
        foreach (var (file, k) in reused.Select((f, k) => (f, k)))
        {
            File.Copy(file, Path.Combine(mixed, "normal", $"copy-{k}.png"));
        }

        var (code, _, error) = Run("evaluate", "--model", bundlePath, "--data", mixed, "--out", Path.Combine(_root, "eval"), "--bootstrap", "0");
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("warning: 3 of ", error, StringComparison.Ordinal);
        Assert.Contains("learnt from", error, StringComparison.Ordinal);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, "eval", "results.json")));
        Assert.Contains(results.RootElement.GetProperty("leakage").GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("3 of ", StringComparison.Ordinal));

        // Fresh images alone: no such warning.
        (code, _, error) = Run("evaluate", "--model", bundlePath, "--data", Data("fresh", 3), "--out", Path.Combine(_root, "eval2"), "--bootstrap", "0");
        Assert.True(code == ExitCodes.Success, error);
        Assert.DoesNotContain("learnt from", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_FlagsIdenticalImagesWithDifferentLabels()
    {
        var data = Data("conflict", 4, regions: 3);
        var normal = Directory.GetFiles(Path.Combine(data, "normal")).Order(StringComparer.Ordinal).First();
        File.Copy(normal, Path.Combine(data, "microcalcification", "relabelled.png"));

        var (code, output, error) = Run("audit", data, "--json", "--exact-only");

        Assert.True(code == ExitCodes.Success, error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(1, doc.RootElement.GetProperty("conflicting_label_sets").GetInt32());
        var set = doc.RootElement.GetProperty("exact_duplicate_sets").EnumerateArray().Single(s => s.GetProperty("conflicting_labels").GetBoolean());
        Assert.Equal(2, set.GetProperty("labels").EnumerateArray().Select(l => l.GetInt32()).Distinct().Count());
        Assert.Contains(doc.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("carry different labels", StringComparison.Ordinal));
    }

    [Fact]
    public void CsvManifest_EmptyLabel_IsAnError()
    {
        var image = Path.Combine(_root, "a.png");
        ImageFile.Write(image, new Image(1, 8, 8, new float[64]));
        var manifest = Path.Combine(_root, "manifest.csv");
        File.WriteAllLines(manifest, ["path,label", "a.png,1", "a.png,"]);

        var (code, _, error) = Run("audit", manifest);

        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains($"{manifest}: line 3: the label of 'a.png' is empty", error, StringComparison.Ordinal);
    }

    [Fact]
    public void GroupedFolds_WithTooFewGroups_AreAnExplainedError()
    {
        var data = Data("few", 5, regions: 4);
        // Every image of a class from one source: two groups for five folds.
        var (code, _, error) = Run("experiment", "--data", data, "--models", "wavelet-nb", "--folds", "5", "--bootstrap", "0",
            "--group-pattern", "^(?<group>[a-z]+)_", "--out", Path.Combine(_root, "few-out"));

        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("protocol.folds is 5, but", error, StringComparison.Ordinal);
        Assert.Contains("fold(s) would have no test images", error, StringComparison.Ordinal);
    }

    [Fact]
    public void GroupedFolds_ThatWouldTrainOnOneClass_AreAnExplainedError()
    {
        var data = Data("one-class", 7, regions: 4);
        // One group per class and two folds: each fold would learn from one class only.
        var (code, _, error) = Run("experiment", "--data", data, "--models", "wavelet-nb", "--folds", "2", "--bootstrap", "0",
            "--group-pattern", "^(?<group>[a-z]+)_", "--out", Path.Combine(_root, "one-class-out"));

        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("would train on one class only", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroWidthInterval_IsExplainedInTheReport()
    {
        // Two far-apart constant classes: every bootstrap resample separates them perfectly.
        var data = Path.Combine(_root, "separable");
        for (var label = 0; label < 2; label++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(data, label.ToString(CultureInfo.InvariantCulture))).FullName;
            for (var i = 0; i < 12; i++)
            {
                var noise = new Random((label * 100) + i);
                var pixels = Enumerable.Range(0, 256).Select(_ => (float)((label * 200) + noise.Next(0, 50))).ToArray();
                ImageFile.Write(Path.Combine(folder, $"{label}-{i}.png"), new Image(1, 16, 16, pixels));
            }
        }

        var output = Path.Combine(_root, "separable-out");
        var (code, _, error) = Run("experiment", "--data", data, "--models", "stats-lr", "--folds", "2", "--bootstrap", "50", "--out", output);
        Assert.True(code == ExitCodes.Success, error);

        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("1.000 (1.000–1.000)†", html, StringComparison.Ordinal);
        Assert.Contains("Zero-width interval: every bootstrap resample gave the same value", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_Out_IsAFolder_LikeOtherVerbs()
    {
        var bundlePath = Bundle(Data("train", 6));
        var one = Directory.GetFiles(Path.Combine(_root, "train", "normal"))[0];
        var folder = Path.Combine(_root, "predictions");

        var (code, _, error) = Run("predict", "--model", bundlePath, "--out", folder, one);

        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(folder, "predictions.csv")).Length);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }
}
