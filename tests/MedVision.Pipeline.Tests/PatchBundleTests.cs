using System.Globalization;
using System.Text.Json.Nodes;
using MedVision.Data.Synthetic;
using MedVision.Evaluation;
using MedVision.Imaging.Io;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Experiments;

namespace MedVision.Pipeline.Tests;

/// <summary>
/// A tiny patch-trained study as seeds/002 runs it (fixed Train/Val/Test folders, one model): 24×24 phantom images,
/// a patch-cnn on 16×16 patches scored by the mean vote of five patches with dihedral test-time augmentation.
/// </summary>
public sealed class PatchStudyFixture : IDisposable
{
    public PatchStudyFixture()
    {
        Root = Directory.CreateTempSubdirectory("mv-patch-bundle-").FullName;
        Data = Path.Combine(Root, "data");
        foreach (var (split, seed) in new[] { ("Train", 1), ("Val", 2), ("Test", 3) })
        {
            foreach (var (sample, image) in MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 6, PatchesPerRegion = 2, Size = 24, Seed = seed }))
            {
                var folder = Directory.CreateDirectory(Path.Combine(Data, split, MicrocalcificationPhantom.ClassNames[sample.Label])).FullName;
                ImageFile.Write(Path.Combine(folder, sample.Id + ".png"), image);
            }
        }

        Study = Path.Combine(Root, "study");
        var config = new ExperimentConfig
        {
            Data = Data,
            Out = Study,
            Protocol = new ProtocolConfig { Kind = "fixed" },
            Models = [new ModelConfig { Name = "patch-cnn", Epochs = 2, BatchSize = 8, PatchSize = 16, PatchesPerImage = 5, TrainPatches = 2, Vote = "mean", TestAugment = "dihedral" }],
            Evaluation = new EvaluationConfig { Bootstrap = 0 },
            Latex = false,
        };
        Outcome = new ExperimentRunner(config).Run();
        ExperimentWriter.Write(Outcome, Study);
    }

    public string Root { get; }

    /// <summary>The data set: <c>Train/</c>, <c>Val/</c> and <c>Test/</c> class folders of PNG files.</summary>
    public string Data { get; }

    /// <summary>The experiment's output folder.</summary>
    public string Study { get; }

    public ExperimentOutcome Outcome { get; }

    public string Bundle => Path.Combine(Study, "models", "patch-cnn");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

public sealed class PatchBundleTests(PatchStudyFixture study) : IClassFixture<PatchStudyFixture>, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("mv-patch-damage-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void FixedSplitPatchModel_IsBundled_AndTheBundleReproducesTheTestPredictions()
    {
        var bundle = ModelBundle.Load(study.Bundle);
        var manifest = bundle.Manifest;
        Assert.Equal("single split", manifest.Training.Model);
        Assert.Equal("patch-cnn", manifest.Architecture);
        Assert.Equal((1, 24, 24), (manifest.Input.Channels, manifest.Input.Height!.Value, manifest.Input.Width!.Value));
        var patch = Assert.IsType<PatchSpec>(manifest.Patch);
        Assert.Equal((16, 24, 24), (patch.Size, patch.ImageHeight, patch.ImageWidth));
        Assert.Equal(5, patch.TestOffsets.Count);
        Assert.Equal(AggregationMethod.Mean, patch.Vote);
        Assert.True(patch.DihedralTestAugment);
        Assert.Equal(manifest.Seed, patch.Seed);
        Assert.Equal("validation", manifest.Calibration?.FittedOn);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(study.Bundle, ModelBundle.ManifestFile)))!;
        Assert.Equal(BundleManifest.PatchFormatVersion, (int)json["format_version"]!);
        Assert.Equal("dihedral", (string)json["patch"]!["test_augment"]!);

        // Every test image, read from its file and scored one at a time, gets the experiment's score (predictions.csv).
        var rows = File.ReadAllLines(Path.Combine(study.Study, "predictions.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(24, rows.Count);
        foreach (var row in rows)
        {
            var expected = double.Parse(row[5], CultureInfo.InvariantCulture);
            var actual = bundle.PredictProba([ImageFile.Read(Path.Combine(study.Data, row[1]))])[0];
            Assert.Equal(expected, actual, 1e-6);
        }

        // All at once (other batches of patches) gives the same scores; the bundle's Grad-CAM is refused.
        var all = bundle.PredictProba([.. rows.Select(r => ImageFile.Read(Path.Combine(study.Data, r[1])))]);
        Assert.Equal(rows.Select(r => double.Parse(r[5], CultureInfo.InvariantCulture)), all, (a, b) => Math.Abs(a - b) <= 1e-6);
        Assert.False(bundle.CanExplain);
        Assert.Throws<InvalidOperationException>(() => bundle.GradCam(ImageFile.Read(Path.Combine(study.Data, rows[0][1]))));
    }

    [Fact]
    public void PatchBundle_SavedAgain_GivesTheSameManifestAndScores()
    {
        var loaded = ModelBundle.Load(study.Bundle);
        var copy = Path.Combine(_scratch, "copy");
        loaded.Save(copy);
        var reloaded = ModelBundle.Load(copy);
        Assert.Equal(loaded.Manifest.ToJson(), reloaded.Manifest.ToJson());
        var images = study.Outcome.Store.Images.Take(6).ToList();
        Assert.Equal(loaded.PredictProba(images), reloaded.PredictProba(images));
    }

    // Each case damages one field of the saved patch bundle's model.json and expects the error to name it.
    public static TheoryData<string, string, string> PatchDamage() => new()
    {
        { "patch.size", "remove", "patch.size" },
        { "patch.size", "-16", "patch.size" },
        { "patch.size", "25", "patch.size" },
        { "patch.image_height", "30", "patch.image_height" },
        { "patch.image_width", "0", "patch.image_width" },
        { "patch.test_offsets", "[]", "patch.test_offsets" },
        { "patch.test_offsets", "{}", "patch.test_offsets" },
        { "patch.test_offsets", "[[0, 0], [9, 0]]", "patch.test_offsets[1]" },
        { "patch.test_offsets", "[[0, 8], [3, 9]]", "patch.test_offsets[1]" },
        { "patch.test_offsets", "[[0, -1]]", "patch.test_offsets[0][1]" },
        { "patch.test_offsets", "[[0, 1, 2]]", "patch.test_offsets[0]" },
        { "patch.vote", "\"median\"", "patch.vote" },
        { "patch.vote", "remove", "patch.vote" },
        { "patch.test_augment", "\"rotate\"", "patch.test_augment" },
        { "patch.seed", "\"zero\"", "patch.seed" },
        { "patch", "[16]", "patch" },
        { "format_version", "1", "patch" },
    };

    [Theory]
    [MemberData(nameof(PatchDamage))]
    public void DamagedPatchObject_IsABundleError_NamingTheField(string field, string replacement, string named)
    {
        var folder = Path.Combine(_scratch, "damaged");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(study.Bundle))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var path = ManifestEditor.Apply(folder, field, replacement);
        var e = Assert.Throws<BundleFormatException>(() => ModelBundle.Load(folder));
        Assert.Equal(path, e.FileName);
        Assert.Equal(named, e.Field);
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainBundles_KeepFormatVersion1_WithoutAPatchObject()
    {
        var manifest = ModelBundle.Load(study.Bundle).Manifest with { Patch = null };
        var json = JsonNode.Parse(manifest.ToJson())!.AsObject();
        Assert.Equal(BundleManifest.FormatVersion, (int)json["format_version"]!);
        Assert.False(json.ContainsKey("patch"));
        Assert.Null(BundleManifest.Read(manifest.ToJson(), "model.json").Patch);
    }
}
