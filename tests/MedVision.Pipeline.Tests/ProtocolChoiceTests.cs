using System.Globalization;
using MedVision.Data;
using MedVision.Imaging.Io;
using MedVision.Pipeline.Experiments;
using MedVision.Testing;

namespace MedVision.Pipeline.Tests;

/// <summary>The default protocol (<c>auto</c>) over every layout that can carry a split.</summary>
public sealed class ProtocolChoiceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-protocol-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly ProtocolConfig Auto = new();

    private static string N(int i) => i.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes <paramref name="perClass"/> 32×32 phantom patches per class into <c>root/split/class/</c> (no split folder when null).</summary>
    private void WriteFolder(string? split, int perClass)
    {
        var phantom = Data.Synthetic.MicrocalcificationPhantom.Generate(new Data.Synthetic.PhantomOptions
        {
            RegionsPerClass = perClass,
            PatchesPerRegion = 1,
            Size = 32,
            Seed = (split ?? "").Length * 31 + (split ?? " ")[0],
        });
        var written = new int[2];
        foreach (var (sample, image) in phantom)
        {
            var folder = Directory.CreateDirectory(Path.Combine(_root, split ?? "", N(sample.Label))).FullName;
            ImageFile.Write(Path.Combine(folder, $"{split}{N(written[sample.Label]++)}.png"), image);
        }
    }

    private static ExperimentPlan Plan(Dataset dataset, ProtocolConfig protocol) =>
        ExperimentPlan.Create(dataset, [.. dataset.Samples.Select(s => s.Group)], protocol, seed: 0);

    [Fact]
    public void TrainValTestFolders_AreAFixedSplit()
    {
        WriteFolder("Train", 6);
        WriteFolder("Val", 2);
        WriteFolder("Test", 3);
        var dataset = DatasetDiscovery.Discover(_root);

        var plan = Plan(dataset, Auto);

        Assert.Equal("fixed", plan.Kind);
        Assert.Equal("the data set's own train/val/test split: 12/4/6 images", plan.Reason);
        var fold = Assert.Single(plan.Folds);
        Assert.All(fold.Train, i => Assert.Equal("train", dataset.Samples[i].Split));
        Assert.All(fold.Validation, i => Assert.Equal("val", dataset.Samples[i].Split));
        Assert.All(fold.Test, i => Assert.Equal("test", dataset.Samples[i].Split));
        Assert.Equal((12, 4, 6), (fold.Train.Length, fold.Validation.Length, fold.Test.Length));
    }

    [Fact]
    public void TrainTestFolders_CarveTheValidationPartFromTrainByGroup()
    {
        WriteFolder("train", 10);
        WriteFolder("test", 3);
        var dataset = DatasetDiscovery.Discover(_root);
        // Two training images per group: a grouped carve must keep each pair on one side.
        var samples = dataset.Samples.Select(s => s.Split == "train" ? s with { Group = s.Id[..^5] + (s.Id[^5] - '0') / 2 } : s).ToList();
        dataset = dataset with { Samples = samples };

        var plan = Plan(dataset, Auto);

        Assert.Equal("fixed", plan.Kind);
        Assert.Equal("the data set's own train/test split: 20/6 images; validation carved from train", plan.Reason);
        var fold = Assert.Single(plan.Folds);
        Assert.Equal(6, fold.Test.Length);
        Assert.Equal(20, fold.Train.Length + fold.Validation.Length);
        Assert.All(fold.Validation, i => Assert.Equal("train", dataset.Samples[i].Split));
        Assert.NotEmpty(fold.Validation);
        var trainGroups = fold.Train.Select(i => samples[i].Group).ToHashSet();
        Assert.DoesNotContain(fold.Validation, i => trainGroups.Contains(samples[i].Group));
    }

    [Fact]
    public void ClassFoldersWithoutSplits_AreCrossValidated()
    {
        WriteFolder(null, 5);
        var dataset = DatasetDiscovery.Discover(_root);

        var plan = Plan(dataset, Auto with { Folds = 3 });

        Assert.Equal("kfold", plan.Kind);
        Assert.Equal("the data set has no train/val/test split", plan.Reason);
        Assert.Equal(3, plan.Folds.Count);
    }

    [Fact]
    public void TrainAndValWithoutTest_AreCrossValidated()
    {
        WriteFolder("Train", 5);
        WriteFolder("Val", 3);
        var dataset = DatasetDiscovery.Discover(_root);

        var plan = Plan(dataset, Auto with { Folds = 2 });

        Assert.Equal("kfold", plan.Kind);
        Assert.Equal("the data set has no test split", plan.Reason);
        Assert.Equal(2, plan.Folds.Count);
    }

    [Fact]
    public void MedMnistNpz_IsAFixedSplit()
    {
        static NpyArray U8(int[] shape, Func<int, float> value) =>
            new(shape, [.. Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(value)], NpyDType.UInt8);
        var path = Path.Combine(_root, "set.npz");
        NpzWriter.Write(path, new Dictionary<string, NpyArray>
        {
            ["train_images"] = U8([8, 4, 4], i => i % 200),
            ["train_labels"] = U8([8, 1], i => i % 2),
            ["val_images"] = U8([4, 4, 4], i => i % 100),
            ["val_labels"] = U8([4, 1], i => i % 2),
            ["test_images"] = U8([6, 4, 4], i => i % 50),
            ["test_labels"] = U8([6, 1], i => i % 2),
        }, compressed: false);

        var plan = Plan(DatasetDiscovery.Discover(path), Auto);

        Assert.Equal("fixed", plan.Kind);
        Assert.Equal("the data set's own train/val/test split: 8/4/6 images", plan.Reason);
        Assert.Equal((8, 4, 6), (plan.Folds[0].Train.Length, plan.Folds[0].Validation.Length, plan.Folds[0].Test.Length));
    }

    private Dataset Manifest(Func<int, string> split)
    {
        WriteFolder("img", 6);
        var rows = Enumerable.Range(0, 12).Select(i => $"img/{N(i % 2)}/img{N(i / 2)}.png,{N(i % 2)},{split(i)}");
        var path = Path.Combine(_root, "set.csv");
        File.WriteAllText(path, "path,label,split\n" + string.Join('\n', rows) + "\n");
        return DatasetDiscovery.Discover(path);
    }

    [Fact]
    public void ManifestSplitColumn_IsAFixedSplit()
    {
        var dataset = Manifest(i => i < 8 ? "train" : "test");

        var plan = Plan(dataset, Auto);

        Assert.Equal("fixed", plan.Kind);
        Assert.Equal("the data set's own train/test split: 8/4 images; validation carved from train", plan.Reason);
        Assert.Equal(4, plan.Folds[0].Test.Length);
    }

    [Fact]
    public void ManifestWithSomeRowsUnsplit_IsCrossValidated()
    {
        var dataset = Manifest(i => i < 6 ? "train" : i < 10 ? "test" : "");

        var plan = Plan(dataset, Auto with { Folds = 2 });

        Assert.Equal("kfold", plan.Kind);
        Assert.Equal("2 of 12 images have no train/val/test split", plan.Reason);
    }

    [Fact]
    public void ExplicitKind_OverridesTheDataSetsSplit()
    {
        WriteFolder("Train", 6);
        WriteFolder("Test", 3);
        var dataset = DatasetDiscovery.Discover(_root);

        var plan = Plan(dataset, new ProtocolConfig { Kind = "kfold", Folds = 3 });

        Assert.Equal("kfold", plan.Kind);
        Assert.Equal("set by protocol.kind or --protocol", plan.Reason);
        Assert.Equal(3, plan.Folds.Count);
        Assert.Equal(dataset.Samples.Count, plan.Folds.Sum(f => f.Test.Length));
    }

    [Fact]
    public void Experiment_LogsAndRecordsTheResolvedProtocol()
    {
        WriteFolder("Train", 8);
        WriteFolder("Val", 3);
        WriteFolder("Test", 4);
        var config = new ExperimentConfig
        {
            Data = _root,
            Out = Path.Combine(_root, "out"),
            Models = [new ModelConfig { Name = "wavelet-knn" }],
            Evaluation = new EvaluationConfig { Bootstrap = 0 },
            Bundle = "none",
        };
        var lines = new List<string>();

        var outcome = new ExperimentRunner(config, new Lines(lines)).Run();

        Assert.Contains("protocol: fixed (the data set's own train/val/test split: 16/6/8 images)", lines);
        Assert.Equal("fixed", outcome.Results.Protocol.Kind);
        Assert.Equal("the data set's own train/val/test split: 16/6/8 images", outcome.Results.Protocol.Reason);
        var json = ExperimentWriter.Write(outcome, config.Out);
        var results = File.ReadAllText(Path.Combine(config.Out, "results.json"));
        Assert.Contains("\"reason\": \"the data set's own train/val/test split: 16/6/8 images\"", results, StringComparison.Ordinal);
        Assert.NotEmpty(json);
    }

    [Fact]
    public void Experiment_OnUnsplitData_LogsTheCrossValidation()
    {
        var lines = new List<string>();
        var config = new ExperimentConfig
        {
            Out = Path.Combine(_root, "out"),
            PhantomRegionsPerClass = 6,
            Models = [new ModelConfig { Name = "wavelet-knn" }],
            Evaluation = new EvaluationConfig { Bootstrap = 0 },
            Bundle = "none",
        };

        var outcome = new ExperimentRunner(config, new Lines(lines)).Run();

        Assert.Contains("protocol: 5-fold grouped cross-validation (the data set has no train/val/test split)", lines);
        Assert.Equal("kfold", outcome.Results.Protocol.Kind);
    }

    [SharedDataFact("mias_rois")]
    public void MiasRois_RunsItsPublishedSplit_AndMammoMicroIsCrossValidated()
    {
        var mias = Plan(DatasetDiscovery.Discover(RepoPaths.SharedData("mias_rois")!), Auto);
        Assert.Equal("the data set's own train/val/test split: 197/65/64 images", mias.Reason);

        if (RepoPaths.SharedData("mammo_micro") is { } micro)
        {
            Assert.Equal("kfold", Plan(DatasetDiscovery.Discover(micro), Auto).Kind);
        }
    }

    private sealed class Lines(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
