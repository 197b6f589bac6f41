using System.Globalization;
using MedVision.Data.Synthetic;
using MedVision.Imaging.Io;
using MedVision.Pipeline.Bundles;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

/// <summary>
/// A frozen-ImageNet-feature study as seeds/002 runs it (fixed Train/Val/Test folders, <c>imagenet-lr</c> on patches),
/// its <c>deep-features</c> bundle, and the verbs that read the bundle.
/// </summary>
public sealed class DeepFeatureBundleTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-deep-bundle-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [ImageNetResNet18Fact]
    public void Experiment_BundlesTheDeepFeatureModel_AndPredictGivesTheStudysTestScores()
    {
        var data = Path.Combine(_root, "data");
        foreach (var (split, seed) in new[] { ("Train", 1), ("Val", 2), ("Test", 3) })
        {
            foreach (var (sample, image) in MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 5, PatchesPerRegion = 2, Size = 32, Seed = seed }))
            {
                var folder = Directory.CreateDirectory(Path.Combine(data, split, MicrocalcificationPhantom.ClassNames[sample.Label])).FullName;
                ImageFile.Write(Path.Combine(folder, sample.Id + ".png"), image);
            }
        }

        var study = Path.Combine(_root, "study");
        var config = Path.Combine(_root, "study.yaml");
        File.WriteAllText(config, $"""
            data: {data}
            out: {study}
            protocol:
              kind: fixed
            models:
              - name: imagenet-lr
                patch_size: 24
                patches_per_image: 3
                train_patches: 1
                feature_layers: [layer4, layer3+layer4]
                c_grid: [0.01, 1]
            evaluation:
              bootstrap: 0
            """);
        var (code, _, error) = Run("experiment", "--config", config, "--threads", "2");
        Assert.True(code == ExitCodes.Success, error);

        var bundlePath = Path.Combine(study, "models", "imagenet-lr");
        var bundle = ModelBundle.Load(bundlePath);
        var manifest = bundle.Manifest;
        Assert.Equal(BundleManifest.DeepFeaturesKind, manifest.Kind);
        Assert.Equal("resnet18-imagenet", manifest.Architecture);
        Assert.Equal("single split", manifest.Training.Model);
        Assert.Equal((24, 3), (manifest.Patch!.Size, manifest.Patch.TestOffsets.Count));
        Assert.Contains(manifest.Features!.FeatureCount, new[] { 512, 768 });
        Assert.Equal("3-fold cross-validation of the chosen layers and C", manifest.Calibration?.FittedOn);

        // predict on every test image gives the study's own test score (predictions.csv).
        var rows = File.ReadAllLines(Path.Combine(study, "predictions.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(20, rows.Count);
        var csv = Path.Combine(_root, "predicted.csv");
        string[] predictArgs = ["predict", "--model", bundlePath, "--out", csv, .. rows.Select(r => Path.Combine(data, r[1]))];
        (code, _, error) = Run(predictArgs);
        Assert.True(code == ExitCodes.Success, error);
        var predicted = File.ReadAllLines(csv).Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(rows.Select(r => double.Parse(r[5], CultureInfo.InvariantCulture)), predicted, (a, b) => Math.Abs(a - b) <= 1e-6);

        // Verbs that need a CNN refuse it, saying what it is.
        (code, _, error) = Run("predict", "--model", bundlePath, "--gradcam", Path.Combine(_root, "cams"), Path.Combine(data, rows[0][1]));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("deep-feature model", error, StringComparison.Ordinal);
        (code, _, error) = Run("model", "export", "--model", bundlePath, "--out", Path.Combine(_root, "x.onnx"));
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("deep-feature model (frozen resnet18-imagenet features and a fitted classifier)", error, StringComparison.Ordinal);
    }
}
