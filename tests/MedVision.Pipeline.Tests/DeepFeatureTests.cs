using MedVision.Classical.Composition;
using MedVision.Data;
using MedVision.Imaging;
using MedVision.Nn;
using MedVision.Nn.Explain;
using MedVision.Nn.Patches;
using MedVision.Nn.Zoo;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Experiments;
using MedVision.Pipeline.Models;
using MedVision.Tensors;

namespace MedVision.Pipeline.Tests;

public class DeepFeatureTests
{
    private static Module SmallResNet(int channels = 1) => ModelZoo.Create("resnet18", channels, 16, 16, outputs: 1, seed: 3);

    private static float[] RandomPatches(int n, int channels, int size, ulong seed)
    {
        var data = new float[n * channels * size * size];
        new Generator(seed).FillUniform(data, 0, 1);
        return data;
    }

    /// <summary>The reference: the layer's activations by a forward hook of the whole batch, averaged over h·w.</summary>
    private static float[] PooledActivations(Module network, float[] patches, int n, int channels, int size, string layer)
    {
        var maps = ModelLayers.Activations(network, Tensor.Wrap((float[])patches.Clone(), n, channels, size, size), layer);
        var (c, plane) = (maps.Size(1), maps.Size(2) * maps.Size(3));
        var result = new float[n * c];
        for (var i = 0; i < n * c; i++)
        {
            result[i] = maps.Data.Slice(i * plane, plane).ToArray().Average();
        }

        return result;
    }

    [Fact]
    public void Extract_ConcatenatesTheGlobalAverageOfEachLayer_AcrossChunks()
    {
        var network = SmallResNet();
        network.Eval();
        // 37 patches: more than one forward chunk of 32.
        var patches = RandomPatches(37, 1, 16, 1);
        var (features, widths) = new DeepFeatureNetwork(network, ["layer2", "layer4"]).Extract(patches, 37, 1, 16);

        Assert.Equal([128, 512], widths);
        var layer2 = PooledActivations(network, patches, 37, 1, 16, "layer2");
        var layer4 = PooledActivations(network, patches, 37, 1, 16, "layer4");
        for (var i = 0; i < 37; i++)
        {
            for (var j = 0; j < 128; j++)
            {
                Assert.Equal(layer2[(i * 128) + j], features[(i * 640) + j], 4);
            }

            for (var j = 0; j < 512; j++)
            {
                Assert.Equal(layer4[(i * 512) + j], features[(i * 640) + 128 + j], 4);
            }
        }
    }

    [Fact]
    public void Extract_WithNetworkSize_SeesBilinearlyEnlargedPatches()
    {
        var network = SmallResNet();
        network.Eval();
        var patches = RandomPatches(3, 1, 12, 2);
        var (features, _) = new DeepFeatureNetwork(network, ["layer3"], inputSize: 24).Extract(patches, 3, 1, 12);

        var enlarged = new float[3 * 24 * 24];
        for (var i = 0; i < 3; i++)
        {
            var patch = new Image(1, 12, 12, patches.AsSpan(i * 144, 144).ToArray());
            Resize.Apply(patch, 24, 24).Data.CopyTo(enlarged.AsSpan(i * 576));
        }

        var expected = PooledActivations(network, enlarged, 3, 1, 24, "layer3");
        Assert.Equal(expected.Length, features.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], features[i], 4);
        }
    }

    [Fact]
    public void DeepFeatureNetwork_UnknownOrRepeatedLayer_IsArgumentError()
    {
        var e = Assert.Throws<ArgumentException>(() => new DeepFeatureNetwork(SmallResNet(), ["layer9"]));
        Assert.Contains("layer9", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new DeepFeatureNetwork(SmallResNet(), ["layer4", "layer4"]));
        Assert.Throws<ArgumentException>(() => new DeepFeatureNetwork(SmallResNet(), []));
    }

    /// <summary>The synthetic ROIs (20 train, 8 val, 10 test) and their fixed split as one fold.</summary>
    private static (ImageStore Store, FoldData Fold) Rois()
    {
        var store = SyntheticRois.Store(train: 20);
        var samples = store.Dataset.Samples;
        int[] Split(string name) => [.. Enumerable.Range(0, samples.Count).Where(i => samples[i].Split == name)];
        return (store, new FoldData(0, Split("train"), Split("val"), Split("test"), Seed: 4));
    }

    private static DeepFeatureRecipe Recipe(DeepFeatureOptions options) =>
        new("small-lr", null, _ => SmallResNet(), p => ClassifierTable.Create("lr", p), options);

    [Fact]
    public void Recipe_ChoosesOnValidation_VotesPerImage_Deterministically_AndSeparatesTheClasses()
    {
        var (store, fold) = Rois();
        var options = new DeepFeatureOptions
        {
            Patches = new PatchOptions { Size = 16, TestPatches = 5, TrainPatches = 2 },
            LayerSets = [["layer4"], ["layer3", "layer4"]],
            CValues = [0.01, 1],
            DihedralTrainViews = true,
        };
        var lines = new List<string>();
        var first = Recipe(options).RunFold(store, fold, new Progress(lines));
        var second = Recipe(options).RunFold(store, fold);

        Assert.Equal(fold.Test.Length, first.TestScores.Length);
        Assert.Equal(first.TestScores, second.TestScores);
        // Majority-vote scores over 5 patches take the values (k + ½) / 6.
        Assert.All(first.TestScores, s => Assert.Equal(0, ((s * 6) - 0.5) % 1, 6));
        Assert.Equal(4, lines.Count(l => l.Contains("validation accuracy", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("chosen on the 8 validation images", StringComparison.Ordinal));
        var labels = fold.Test.Select(i => store.Dataset.Samples[i].Label).ToArray();
        Assert.Equal(labels.Length, first.TestScores.Zip(labels, (s, y) => (s >= 0.5 ? 1 : 0) == y).Count(c => c));
    }

    [Fact]
    public void Recipe_WithoutPatches_ScoresWholeImages_AndGivesValidationScoresWhenAsked()
    {
        var (store, fold) = Rois();
        var run = Recipe(new DeepFeatureOptions { ImageSize = 16 }).RunFold(store, fold with { ScoreValidation = true });

        Assert.Equal(fold.Test.Length, run.TestScores.Length);
        Assert.Equal(fold.Validation.Length, run.ValidationScores!.Length);
        // One patch per image: scores are (0 + ½) / 2 or (1 + ½) / 2.
        Assert.All(run.TestScores, s => Assert.Contains(s, new[] { 0.25, 0.75 }));
    }

    [Fact]
    public void Recipe_GridWithoutValidationImages_IsConfigError()
    {
        var (store, fold) = Rois();
        var recipe = Recipe(new DeepFeatureOptions { Patches = new PatchOptions { Size = 16, TestPatches = 3 }, CValues = [0.1, 1] });
        var e = Assert.Throws<ExperimentConfigException>(() => recipe.RunFold(store, fold with { Validation = [] }));
        Assert.Contains("validation", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_ReadsDeepFeatureSettings_AndRefusesThemElsewhere()
    {
        var config = ExperimentConfigLoader.Parse("""
            models:
              - name: imagenet-lr
                patch_size: 72
                network_size: 144
                augment: dihedral
                feature_layers: [layer4, layer3+layer4]
                c_grid: [0.01, 0.1]
                params: {max_iter: 500}
            """);
        var model = config.Models[0];
        Assert.Equal(144, model.NetworkSize);
        Assert.Equal(["layer4", "layer3+layer4"], model.FeatureLayers);
        Assert.Equal([0.01, 0.1], model.CGrid);

        static string Refused(string yaml) => Assert.Throws<ExperimentConfigException>(() => ExperimentConfigLoader.Parse(yaml, "study.yaml")).Message;
        Assert.Contains("deep-feature", Refused("models:\n  - name: wavelet-lr\n    c_grid: [1]\n"), StringComparison.Ordinal);
        Assert.Contains("c_grid", Refused("models:\n  - name: imagenet-lr\n    c_grid: [0, 1]\n"), StringComparison.Ordinal);
        Assert.Contains("network_size", Refused("models:\n  - name: imagenet-lr\n    network_size: 0\n"), StringComparison.Ordinal);
        Assert.Contains("feature_layers", Refused("models:\n  - name: imagenet-lr\n    feature_layers: [layer3+]\n"), StringComparison.Ordinal);
        Assert.Contains("dihedral", Refused("models:\n  - name: imagenet-lr\n    augment: keras\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_UnknownClassifierOfADeepFeaturePipeline_IsConfigError()
    {
        var e = Assert.Throws<ExperimentConfigException>(() => ModelCatalog.DeepFeatureRecipeOf(new ModelConfig { Name = "imagenet-xgb" }, _ => SmallResNet()));
        Assert.Contains("xgb", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The bundle of a fold's deep-feature model, as an experiment writes it (without calibration).</summary>
    private static ModelBundle Bundle(ImageStore store, FoldData fold, DeepFeatureModel model) => ModelBundle.ForDeepFeatures(new BundleManifest
    {
        Name = "small-lr",
        Kind = BundleManifest.DeepFeaturesKind,
        Architecture = model.Architecture,
        Features = FeatureSpec.Of(model),
        Patch = PatchSpec.Of(model, fold.Seed),
        Input = model.Input,
        ClassNames = store.Dataset.ClassNames,
        Threshold = 0.5,
        Training = new TrainingSpec("single split", fold.Train.Length, fold.Validation.Length),
        DataSha256 = store.ContentHash,
        Seed = fold.Seed,
        MedvisionVersion = "test",
    }, model);

    [Fact]
    public void FittedModel_SavedAsBundle_ReloadsAndScoresTheTestImagesAsTheFoldDid()
    {
        var (store, fold) = Rois();
        var recipe = new DeepFeatureRecipe("small-lr", "resnet18", c => SmallResNet(c), p => ClassifierTable.Create("lr", p), new DeepFeatureOptions
        {
            Patches = new PatchOptions { Size = 16, TestPatches = 3, TrainPatches = 2 },
            LayerSets = [["layer4"], ["layer3", "layer4"]],
            CValues = [0.01, 1],
        });
        Assert.True(recipe.CanBundle);
        Assert.False(Recipe(new DeepFeatureOptions()).CanBundle);
        var run = recipe.RunFold(store, fold);
        var model = Assert.IsType<DeepFeatureModel>(run.DeepFeatures);
        Assert.Equal(3, model.TestOffsets.Count);
        Assert.Contains(model.C, new[] { 0.01, 1 });
        Assert.Equal(model.Extractor.Layers.Count == 1 ? 512 : 768, model.Pipeline.FeatureCount);

        var folder = Directory.CreateTempSubdirectory("mv-deep-bundle-").FullName;
        try
        {
            Bundle(store, fold, model).Save(folder);
            var loaded = ModelBundle.Load(folder);
            Assert.Equal(BundleManifest.DeepFeaturesKind, loaded.Manifest.Kind);
            Assert.True(File.Exists(Path.Combine(folder, ModelBundle.WeightsFile)) && File.Exists(Path.Combine(folder, ModelBundle.PipelineFile)));
            Assert.False(loaded.IsNetwork || loaded.CanExplain);
            Assert.Null(loaded.Network);
            Assert.Contains("deep-feature model", Assert.Throws<InvalidOperationException>(() => loaded.GradCam(store.Images[0])).Message, StringComparison.Ordinal);

            // The reloaded bundle gives every test image the fold's score, one at a time and all at once.
            var images = fold.Test.Select(i => store.Images[i]).ToList();
            Assert.Equal(run.TestScores, loaded.PredictProba(images), (a, b) => Math.Abs(a - b) <= 1e-9);
            Assert.Equal(run.TestScores[3], loaded.PredictProba([images[3]])[0], 9);

            // The fixed choice needs no validation images and fits the same model.
            var fixedChoice = recipe.WithChoice(model.Extractor.Layers, model.C).RunFold(store, fold with { Validation = [] });
            Assert.Equal(model.Pipeline.FeatureCount, fixedChoice.DeepFeatures!.Pipeline.FeatureCount);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("\"extractor\": \"pooled-layers\"", "\"extractor\": \"wavelet\"", "features.extractor")]
    [InlineData("\"feature_count\": 512", "\"feature_count\": 511", "features.feature_count")]
    [InlineData("\"layer4\"", "\"layer9\"", "features.settings.layers")]
    [InlineData("\"architecture\": \"resnet18\"", "\"architecture\": \"resnet99\"", "architecture")]
    [InlineData("\"patch\": {", "\"patchwork\": {", "patch")]
    public void DamagedDeepFeatureBundle_IsRefused_NamingTheField(string from, string to, string field)
    {
        var (store, fold) = Rois();
        var recipe = new DeepFeatureRecipe("small-lr", "resnet18", c => SmallResNet(c), p => ClassifierTable.Create("lr", p),
            new DeepFeatureOptions { Patches = new PatchOptions { Size = 16, TestPatches = 2, TrainPatches = 1 } });
        var model = recipe.RunFold(store, fold with { Test = [] }).DeepFeatures!;
        var folder = Directory.CreateTempSubdirectory("mv-deep-damage-").FullName;
        try
        {
            Bundle(store, fold, model).Save(folder);
            var manifest = Path.Combine(folder, ModelBundle.ManifestFile);
            var text = File.ReadAllText(manifest);
            Assert.Contains(from, text, StringComparison.Ordinal);
            File.WriteAllText(manifest, text.Replace(from, to, StringComparison.Ordinal));
            var e = Assert.Throws<BundleFormatException>(() => ModelBundle.Load(folder));
            Assert.Equal(field, e.Field);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class Progress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
