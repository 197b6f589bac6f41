using System.Globalization;
using MedVision.Data.Synthetic;
using MedVision.Imaging;
using MedVision.Imaging.Io;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Reporting;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

/// <summary><c>predict --gradcam</c> on the CNN bundle of a tiny phantom experiment, and its refusal for feature bundles.</summary>
public sealed class PredictGradCamTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-gradcam-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Data(string name, int seed)
    {
        var root = Path.Combine(_root, name);
        foreach (var (sample, image) in MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 8, PatchesPerRegion = 2, Size = 32, Seed = seed }))
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, MicrocalcificationPhantom.ClassNames[sample.Label])).FullName;
            ImageFile.Write(Path.Combine(folder, sample.Id + ".png"), image);
        }

        return root;
    }

    private string Bundle(string model, params string[] extra)
    {
        var study = Path.Combine(_root, "study-" + model);
        var (code, _, error) = Run(["experiment", "--data", Data("train-" + model, 1), "--models", model, "--protocol", "holdout", "--bootstrap", "0",
            "--latex", "false", "--threads", "1", "--out", study, .. extra]);
        Assert.True(code == ExitCodes.Success, error);
        return Path.Combine(study, "models", model);
    }

    [Fact]
    public void GradCam_WritesOneOverlayPerImage_AtTheInputsSize_WithDistinctNames()
    {
        var bundlePath = Bundle("seed-cnn", "--epochs", "15", "--batch-size", "8", "--lr", "0.002", "--seed", "3");
        var test = Data("test", 2);
        var lesion = Directory.GetFiles(Path.Combine(test, MicrocalcificationPhantom.ClassNames[1])).Order(StringComparer.Ordinal).First();
        // The same file name in another folder, and at another size than the network's 32 × 32 input.
        var other = Directory.CreateDirectory(Path.Combine(_root, "other")).FullName;
        var bigger = Path.Combine(other, Path.GetFileName(lesion));
        ImageFile.Write(bigger, Resize.Apply(ImageFile.Read(lesion), 48, 40));
        var cams = Path.Combine(_root, "cams");
        var csvPath = Path.Combine(_root, "predictions.csv");

        var (code, _, error) = Run("predict", "--model", bundlePath, "--gradcam", cams, "--out", csvPath, test, bigger);

        Assert.True(code == ExitCodes.Success, error);
        var lines = File.ReadAllLines(csvPath);
        Assert.Equal("path,probability,label,calibrated,gradcam", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(Directory.GetFiles(test, "*.png", SearchOption.AllDirectories).Length + 1, rows.Count);
        Assert.Equal(rows.Count, Directory.GetFiles(cams).Length);
        Assert.Equal(rows.Count, rows.Select(r => r[4]).Distinct(StringComparer.Ordinal).Count());
        var stem = Path.GetFileNameWithoutExtension(lesion);
        Assert.Equal(Path.Combine(cams, stem + ".gradcam.png"), rows.Single(r => r[0] == lesion)[4]);
        Assert.Equal(Path.Combine(cams, stem + "-2.gradcam.png"), rows.Single(r => r[0] == bigger)[4]);

        var bundle = ModelBundle.Load(bundlePath);
        var varying = 0;
        foreach (var row in rows)
        {
            var input = ImageFile.Read(row[0]);
            var overlay = PngReader.Read(row[4]);
            Assert.Equal((3, input.Height, input.Width), (overlay.Channels, overlay.Height, overlay.Width));
            var cam = bundle.GradCam(input);
            Assert.Equal(File.ReadAllBytes(row[4]), Overlays.GradCamPng(input.ToGray(), cam));
            Assert.Equal(bundle.PredictProba([input])[0], double.Parse(row[1], CultureInfo.InvariantCulture));

            // Red minus blue follows the jet colour of the map alone (the grey image adds equally to both channels).
            var redMinusBlue = Enumerable.Range(0, overlay.PlaneSize).Select(i => overlay.Data[i] - overlay.Data[(2 * overlay.PlaneSize) + i]).ToList();
            if (redMinusBlue.Max() - redMinusBlue.Min() > 60 && cam.Max() - cam.Min() > 0.5f)
            {
                varying++;
            }
        }

        Assert.True(varying * 2 > rows.Count, $"only {varying} of {rows.Count} Grad-CAM maps vary across the image");
    }

    [Fact]
    public void GradCam_OfAFeatureBundle_IsAUsageError_NamingWhy()
    {
        var bundlePath = Bundle("wavelet-nb");
        var image = Directory.GetFiles(Path.Combine(_root, "train-wavelet-nb", MicrocalcificationPhantom.ClassNames[1]))[0];
        var cams = Path.Combine(_root, "cams");

        var (code, _, error) = Run("predict", "--model", bundlePath, "--gradcam", cams, image);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("feature pipeline", error, StringComparison.Ordinal);
        Assert.Contains("CNN", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cams));
    }
}
