using System.Globalization;
using System.Text.Json;
using MedVision.Evaluation;
using MedVision.Imaging;
using MedVision.Imaging.Io;
using MedVision.Pipeline.Bundles;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

/// <summary><c>experiment</c>, <c>predict</c> and <c>evaluate</c> on a three-class folder tree.</summary>
public sealed class MulticlassVerbTests : IDisposable
{
    private static readonly string[] Classes = ["benign", "malignant", "normal"];
    private readonly string _root = Directory.CreateTempSubdirectory("mv-multiclass-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Class folders of 16×16 PNGs: class c is a 5×5 square of grey level 80 + 70·c on a textured background.</summary>
    private string Tree(string name, int perClass, int seed)
    {
        var root = Path.Combine(_root, name);
        for (var c = 0; c < Classes.Length; c++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, Classes[c])).FullName;
            for (var k = 0; k < perClass; k++)
            {
                var image = new Image(1, 16, 16);
                var (top, left) = ((k * 3 + seed) % 11, (k * 5 + seed) % 11);
                for (var y = 0; y < 16; y++)
                {
                    for (var x = 0; x < 16; x++)
                    {
                        image[0, y, x] = y >= top && y < top + 5 && x >= left && x < left + 5 ? 80 + (70 * c) : 20 + ((x * 7 + y * 3 + k + seed) % 17);
                    }
                }

                ImageFile.Write(Path.Combine(folder, $"{name}{k:D2}.png"), image);
            }
        }

        return root;
    }

    [Fact]
    public void ThreeClassTree_ExperimentPredictEvaluate()
    {
        var study = Path.Combine(_root, "study");
        var (code, stdout, error) = Run("experiment", "--data", Tree("train", 8, 1), "--models", "stats-lr", "--folds", "2", "--bootstrap", "0", "--out", study);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("stats-lr", stdout, StringComparison.Ordinal);
        var bundlePath = Path.Combine(study, "models", "stats-lr");

        var test = Tree("test", 3, 4);
        (code, stdout, error) = Run("predict", "--model", bundlePath, test);
        Assert.True(code == ExitCodes.Success, error);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("path,label,p_benign,p_malignant,p_normal,calibrated_benign,calibrated_malignant,calibrated_normal", lines[0]);
        Assert.Equal(1 + 9, lines.Length);
        var bundle = ModelBundle.Load(bundlePath);
        var first = lines[1].Split(',');
        var expected = bundle.PredictProba([ImageFile.Read(first[0])]);
        Assert.Equal(expected, first[2..5].Select(v => double.Parse(v, CultureInfo.InvariantCulture)));
        Assert.Equal(bundle.Label(expected), first[1]);
        Assert.Equal(1.0, expected.Sum(), 12);

        // The bundle's temperature, fitted on out-of-fold scores of its training images, rescales without reordering.
        var temperature = bundle.Manifest.Temperature!;
        Assert.Equal("3-fold cross-validation", temperature.FittedOn);
        Assert.InRange(temperature.Temperature, TemperatureScaling.MinTemperature, TemperatureScaling.MaxTemperature);
        var calibrated = first[5..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(TemperatureScaling.Scale(expected, temperature.Temperature, 3), calibrated);
        Assert.Equal(Array.IndexOf(expected, expected.Max()), Array.IndexOf(calibrated, calibrated.Max()));
        Assert.Equal(temperature, ModelBundle.Load(bundlePath).Manifest.Temperature);

        var output = Path.Combine(_root, "external");
        (code, stdout, error) = Run("evaluate", "--model", bundlePath, "--data", test, "--out", output, "--bootstrap", "20");
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("macro AUC", stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        var metrics = doc.RootElement.GetProperty("models")[0].GetProperty("metrics");
        Assert.Equal(Classes, metrics.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(3, metrics.GetProperty("per_class").GetArrayLength());
        Assert.True(metrics.GetProperty("auc").GetProperty("value").GetDouble() > 0.9);
        Assert.False(doc.RootElement.GetProperty("dataset").TryGetProperty("positive_class", out _));
    }
}
