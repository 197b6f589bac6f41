using System.Globalization;
using System.Text.Json;
using MedVision.Data.Synthetic;
using MedVision.Imaging.Io;
using MedVision.Pipeline.Bundles;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

/// <summary><c>predict</c> and <c>evaluate</c> on the bundle of a tiny phantom experiment.</summary>
public sealed class PredictEvaluateVerbTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-predict-").FullName;

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

    private string Bundle()
    {
        var study = Path.Combine(_root, "study");
        var (code, _, error) = Run("experiment", "--data", Data("train", 1), "--models", "wavelet-nb", "--folds", "3", "--bootstrap", "0", "--out", study);
        Assert.True(code == ExitCodes.Success, error);
        return Path.Combine(study, "models", "wavelet-nb");
    }

    [Fact]
    public void Predict_WritesOneRowPerImage_WithTheBundlesScoresAndLabels()
    {
        var bundlePath = Bundle();
        var test = Data("test", 2);
        var one = Directory.GetFiles(Path.Combine(test, "normal"))[0];
        var (code, output, error) = Run("predict", "--model", bundlePath, test, one);
        Assert.True(code == ExitCodes.Success, error);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("path,probability,label,calibrated", lines[0]);
        var files = Directory.GetFiles(test, "*.png", SearchOption.AllDirectories).Length;
        Assert.Equal(files + 1, lines.Length - 1);
        var bundle = ModelBundle.Load(bundlePath);
        var first = lines[1].Split(',');
        var expected = bundle.PredictProba([ImageFile.Read(first[0])])[0];
        Assert.Equal(expected, double.Parse(first[1], CultureInfo.InvariantCulture));
        Assert.Equal(bundle.Label(expected), first[2]);
        Assert.All(lines.Skip(1), l => Assert.Contains(l.Split(',')[2], MicrocalcificationPhantom.ClassNames));

        var csv = Path.Combine(_root, "p.csv");
        Assert.Equal(ExitCodes.Success, Run("predict", "--model", bundlePath, "--out", csv, one).Code);
        Assert.Equal(2, File.ReadAllLines(csv).Length);
    }

    [Fact]
    public void Evaluate_WritesResultsAndReport_ForTheExternalSet()
    {
        var bundlePath = Bundle();
        var output = Path.Combine(_root, "external");
        var (code, stdout, error) = Run("evaluate", "--model", bundlePath, "--data", Data("test", 2), "--out", output, "--bootstrap", "50");
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("wavelet-nb", stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        Assert.Equal("external", doc.RootElement.GetProperty("protocol").GetProperty("kind").GetString());
        var model = doc.RootElement.GetProperty("models")[0];
        Assert.Equal("features", model.GetProperty("kind").GetString());
        var auc = model.GetProperty("metrics").GetProperty("auc");
        Assert.True(auc.GetProperty("ci_low").GetDouble() <= auc.GetProperty("value").GetDouble());
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
        Assert.True(File.Exists(Path.Combine(output, "metrics.md")));

        // The report shows the transfer check that results.json holds.
        var transfer = model.GetProperty("transfer");
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("<caption>Transfer check</caption>", html, StringComparison.Ordinal);
        static string Cell(JsonElement e) => e.ValueKind == JsonValueKind.Null ? "n/a" : e.GetDouble().ToString("0.000", CultureInfo.InvariantCulture);
        Assert.Contains($"<td>calibration slope</td><td>{Cell(transfer.GetProperty("calibration_slope"))}</td>", html, StringComparison.Ordinal);
        Assert.Contains($"<td>Youden threshold of this set</td><td>{Cell(transfer.GetProperty("youden_threshold"))}</td>", html, StringComparison.Ordinal);
        Assert.Contains($"<td>Brier score</td><td>{Cell(transfer.GetProperty("brier"))}</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void PatchBundle_Predict_WritesTheExperimentsScores_Evaluate_Works_AndGradCamIsAUsageError()
    {
        // seeds/002 in miniature: fixed Train/Val/Test folders of 24×24 images, a patch-cnn on 16×16 patches.
        var data = Path.Combine(_root, "fixed");
        foreach (var (split, seed) in new[] { ("Train", 1), ("Val", 2), ("Test", 3) })
        {
            foreach (var (sample, image) in MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 5, PatchesPerRegion = 2, Size = 24, Seed = seed }))
            {
                var folder = Directory.CreateDirectory(Path.Combine(data, split, MicrocalcificationPhantom.ClassNames[sample.Label])).FullName;
                ImageFile.Write(Path.Combine(folder, sample.Id + ".png"), image);
            }
        }

        var config = Path.Combine(_root, "patches.yaml");
        File.WriteAllText(config, """
            data: fixed
            protocol:
              kind: fixed
            models:
              - name: patch-cnn
                epochs: 2
                batch_size: 8
                patch_size: 16
                patches_per_image: 4
                vote: majority
            evaluation:
              bootstrap: 0
            latex: false
            threads: 1
            """);
        var study = Path.Combine(_root, "patch-study");
        var (code, _, error) = Run("experiment", "--config", config, "--out", study);
        Assert.True(code == ExitCodes.Success, error);
        var bundlePath = Path.Combine(study, "models", "patch-cnn");

        var csv = Path.Combine(_root, "patch-predictions.csv");
        (code, _, error) = Run("predict", "--model", bundlePath, "--out", csv, Path.Combine(data, "Test"));
        Assert.True(code == ExitCodes.Success, error);
        var predicted = File.ReadAllLines(csv);
        Assert.Equal("path,probability,label,calibrated", predicted[0]);
        var scores = predicted.Skip(1).Select(l => l.Split(',')).ToDictionary(r => Path.GetFullPath(r[0]), r => double.Parse(r[1], CultureInfo.InvariantCulture));
        var experiment = File.ReadAllLines(Path.Combine(study, "predictions.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(experiment.Count, scores.Count);
        foreach (var row in experiment)
        {
            Assert.Equal(double.Parse(row[5], CultureInfo.InvariantCulture), scores[Path.GetFullPath(Path.Combine(data, row[1]))], 1e-6);
        }

        var cams = Path.Combine(_root, "patch-cams");
        (code, _, error) = Run("predict", "--model", bundlePath, "--gradcam", cams, Path.Combine(data, "Test"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("patch-trained", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cams));

        var external = Path.Combine(_root, "patch-external");
        (code, _, error) = Run("evaluate", "--model", bundlePath, "--data", Path.Combine(data, "Test"), "--out", external, "--bootstrap", "0");
        Assert.True(code == ExitCodes.Success, error);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(external, "results.json")));
        var model = doc.RootElement.GetProperty("models")[0];
        Assert.Equal("cnn", model.GetProperty("kind").GetString());
        Assert.Equal(experiment.Count, model.GetProperty("metrics").GetProperty("n").GetInt32());
    }

    [Fact]
    public void MissingInput_IsAUsageError_AndABrokenBundleAFailure()
    {
        Assert.Equal(ExitCodes.Usage, Run("predict", "--model", _root, Path.Combine(_root, "nope.png")).Code);
        Assert.Equal(ExitCodes.Usage, Run("evaluate", "--model", _root, "--data", Path.Combine(_root, "nope")).Code);
        var image = Path.Combine(_root, "x.png");
        ImageFile.Write(image, MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 1 })[0].Image);
        var (code, _, error) = Run("predict", "--model", _root, image);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("model.json", error, StringComparison.Ordinal);
    }
}
