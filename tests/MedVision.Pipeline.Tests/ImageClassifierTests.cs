using MedVision.Data;
using MedVision.Data.Synthetic;
using MedVision.Evaluation;
using MedVision.Imaging;
using MedVision.Imaging.Io;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Classifier;
using MedVision.Training;

namespace MedVision.Pipeline.Tests;

public sealed class ImageClassifierTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("mv-classifier-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    /// <summary>The phantom's lesion class; class names sort before it, so it must be named to be label 1.</summary>
    private const string Positive = "microcalcification";

    /// <summary>Phantom patches, one per source region (no two overlap, so every image is its own group).</summary>
    private static List<(Image Image, string Label)> Phantom(int regionsPerClass, int seed = 0) =>
    [
        .. MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = regionsPerClass, PatchesPerRegion = 1, Seed = seed })
            .Select(g => (g.Image, MicrocalcificationPhantom.ClassNames[g.Sample.Label])),
    ];

    [Fact]
    public void Fit_SeedCnn_InMemory_PredictsRecords_AndTheSavedBundleReloadsToTheBit()
    {
        var data = Phantom(10);
        var epochs = new List<EpochReport>();
        var bundle = ImageClassifier.Fit(data, "seed-cnn", new ClassifierOptions { Epochs = 2, ImageSize = 32, PositiveClass = Positive, Progress = epochs.Add });

        Assert.Equal(2, epochs.Count);
        Assert.Equal("cnn", bundle.Manifest.Kind);
        Assert.Equal("single split", bundle.Manifest.Training.Model);
        Assert.Equal(data.Count, bundle.Manifest.Training.TrainSamples + bundle.Manifest.Training.ValidationSamples);
        Assert.Equal((1, 32, 32, 1f / 255), (bundle.Manifest.Input.Channels, bundle.Manifest.Input.Height, bundle.Manifest.Input.Width, bundle.Manifest.Input.Scale));
        Assert.Equal(MicrocalcificationPhantom.ClassNames, bundle.Manifest.ClassNames);

        var images = data.Take(6).Select(d => d.Image).ToList();
        var predictions = bundle.Predict(images);
        var scores = bundle.PredictProba(images);
        for (var i = 0; i < images.Count; i++)
        {
            var p = predictions[i];
            Assert.Equal(bundle.Label(scores[i]), p.Label);
            Assert.Equal(scores[i], p.Probabilities["microcalcification"]);
            Assert.Equal(1, p.Probabilities.Values.Sum(), 12);
            Assert.Equal(p.Probabilities[p.Label], p.Probability);
            var calibrated = bundle.Calibrated(scores[i]);
            Assert.Equal(p.Label == "microcalcification" ? calibrated : 1 - calibrated, p.CalibratedProbability, 12);
        }

        var folder = Path.Combine(_out, "models", "seed-cnn");
        bundle.Save(folder);
        var loaded = ModelBundle.Load(folder);
        Assert.Equal(bundle.Manifest.ToJson(), loaded.Manifest.ToJson());
        Assert.Equal(predictions, loaded.Predict(images), new PredictionComparer());
    }

    [Fact]
    public void Fit_FeaturePipeline_ChoosesTheYoudenThresholdOnTheValidationPart_AndIsDeterministic()
    {
        var data = Phantom(20);
        var options = new ClassifierOptions { Seed = 3, PositiveClass = Positive };
        var bundle = ImageClassifier.Fit(data, "stats-lr", options);

        // The split the fit made: a stratified hold-out of 20 % whole groups (every image its own) with seed + 1.
        var labels = data.Select(d => d.Label == "microcalcification" ? 1 : 0).ToArray();
        var groups = Enumerable.Range(0, data.Count).Select(i => $"image{i:D6}").ToList();
        var validation = new HoldOutSplit(0.2, stratify: true, seed: 4).Split(labels, groups)[0].Test;
        var scores = bundle.PredictProba([.. validation.Select(i => data[i].Image)]);
        var youden = OperatingPoints.SelectThreshold([.. validation.Select(i => labels[i])], scores, ThresholdRule.Youden);

        Assert.Equal(validation.Length, bundle.Manifest.Training.ValidationSamples);
        Assert.Equal(youden, bundle.Manifest.Threshold);
        Assert.Equal("features", bundle.Manifest.Kind);
        Assert.Equal("3-fold cross-validation", bundle.Manifest.Calibration!.FittedOn);
        var again = ImageClassifier.Fit(data, "stats-lr", options);
        Assert.Equal(bundle.PredictProba([.. data.Select(d => d.Image)]), again.PredictProba([.. data.Select(d => d.Image)]));
    }

    [Fact]
    public void Fit_ClassFolders_LearnsThePhantom_AndRecordsThePreprocessing()
    {
        var root = Path.Combine(_out, "data");
        foreach (var (image, label, i) in Phantom(30).Select((d, i) => (d.Image, d.Label, i)))
        {
            Directory.CreateDirectory(Path.Combine(root, label));
            ImageFile.Write(Path.Combine(root, label, $"{i:D3}.png"), image);
        }

        var bundle = ImageClassifier.Fit(root, "gabor-rf", new ClassifierOptions { Preprocess = "minmax:0-255", PositiveClass = Positive });

        Assert.Equal("minmax:0-255", bundle.Manifest.Input.Preprocess);
        Assert.Equal(MicrocalcificationPhantom.ClassNames, bundle.Manifest.ClassNames);
        // New phantom images (another seed): the bundle applies the chain itself and tells the classes apart.
        var test = Phantom(20, seed: 99);
        var predictions = bundle.Predict([.. test.Select(t => t.Image)]);
        var accuracy = predictions.Zip(test, (p, t) => p.Label == t.Label ? 1.0 : 0.0).Average();
        Assert.True(accuracy >= 0.9, $"accuracy {accuracy:0.00} on new phantom images");
    }

    [Fact]
    public void Fit_RuleThresholdAboveEveryScore_KeepsOneHalf_SoTheBundleStillLoads()
    {
        // wavelet-rf cannot tell these phantom images apart: Youden's best cut on its validation scores is the ROC
        // curve's first threshold, above every score. Bundles refused to load with it (threshold must be in [0, 1]).
        var lines = new List<string>();
        var bundle = ImageClassifier.Fit(Phantom(30), "wavelet-rf", new ClassifierOptions { PositiveClass = Positive, Log = lines.Add });
        Assert.Equal(0.5, bundle.Manifest.Threshold);
        Assert.Contains(lines, l => l.Contains("lies above every score", StringComparison.Ordinal));
        bundle.Save(Path.Combine(_out, "wavelet-rf"));
        Assert.Equal(0.5, ModelBundle.Load(Path.Combine(_out, "wavelet-rf")).Manifest.Threshold);
    }

    [Fact]
    public async Task ConcurrentFits_WithOtherThreadCounts_EachTrainWithTheirOwn_AndLeaveTheProcessSettingAlone()
    {
        var process = Tensors.Parallelism.Threads;
        var data = Phantom(6);
        using var bothTraining = new Barrier(2);
        List<int> Fit(int threads)
        {
            var seen = new List<int>();
            ImageClassifier.Fit(data, "patch-cnn", new ClassifierOptions
            {
                Epochs = 2,
                ImageSize = 24,
                Threads = threads,
                Progress = _ =>
                {
                    // Both fits are inside their epochs here, each with its count set.
                    bothTraining.SignalAndWait(TimeSpan.FromSeconds(60));
                    seen.Add(Tensors.Parallelism.Threads);
                },
            });
            return seen;
        }

        var one = Task.Factory.StartNew(() => Fit(1), TaskCreationOptions.LongRunning);
        var three = Task.Factory.StartNew(() => Fit(3), TaskCreationOptions.LongRunning);
        Assert.Equal([1, 1], await one);
        Assert.Equal([3, 3], await three);
        Assert.Equal(process, Tensors.Parallelism.Threads);
    }

    [Fact]
    public void Fit_WithNormalization_RecordsItInTheBundle_AsFormatVersion3()
    {
        var bundle = ImageClassifier.Fit(Phantom(6), "patch-cnn", new ClassifierOptions { Epochs = 1, ImageSize = 24, Mean = [0.5f], Std = [0.25f] });
        var folder = Path.Combine(_out, "normalised");
        bundle.Save(folder);
        var json = File.ReadAllText(Path.Combine(folder, ModelBundle.ManifestFile));
        var loaded = ModelBundle.Load(folder);

        Assert.Contains("\"format_version\": 3", json, StringComparison.Ordinal);
        Assert.Equal([0.5f], loaded.Manifest.Input.Mean!);
        Assert.Equal([0.25f], loaded.Manifest.Input.Std!);
        var images = Phantom(2, seed: 5).Select(d => d.Image).ToList();
        Assert.Equal(bundle.PredictProba(images), loaded.PredictProba(images));
    }

    [Fact]
    public void Fit_ThreeClasses_PredictsTheMostProbableClass_WithTheTemperatureCalibratedProbability()
    {
        // Three classes: the phantom's two, and a third of plain bright images.
        var random = new Random(1);
        List<(Image Image, string Label)> data =
        [
            .. Phantom(8),
            .. Enumerable.Range(0, 8).Select(_ => (new Image(1, 60, 60, [.. Enumerable.Range(0, 3600).Select(_ => 200f + random.Next(40))]), "bright")),
        ];
        var bundle = ImageClassifier.Fit(data, "stats-lr");

        Assert.True(bundle.IsMulticlass);
        Assert.Equal(["bright", "microcalcification", "normal"], bundle.Manifest.ClassNames);
        Assert.Null(bundle.Manifest.Calibration);
        var images = data.Select(d => d.Image).ToList();
        var scores = bundle.PredictProba(images);
        var predictions = bundle.Predict(images);
        for (var i = 0; i < images.Count; i++)
        {
            var p = predictions[i];
            Assert.Equal(bundle.Label(scores.AsSpan(i * 3, 3)), p.Label);
            Assert.Equal(scores[(i * 3) + 2], p.Probabilities["normal"]);
            Assert.Equal(p.Probabilities.Values.Max(), p.Probability);
            var calibrated = bundle.Calibrated(scores.AsSpan(i * 3, 3));
            Assert.Equal(calibrated[bundle.Manifest.ClassNames.ToList().IndexOf(p.Label)], p.CalibratedProbability);
            Assert.Equal(bundle.Manifest.Temperature is null, p.CalibratedProbability == p.Probability);
        }

        Assert.All(predictions.Skip(16), p => Assert.Equal("bright", p.Label));
    }

    public static TheoryData<ClassifierOptions, string> BadOptions() => new()
    {
        { new ClassifierOptions { Epochs = 0 }, "Epochs must be ≥ 1, got 0" },
        { new ClassifierOptions { ValidationFraction = 1 }, "ValidationFraction must be in (0, 1), got 1" },
        { new ClassifierOptions { Augmentation = "mixup" }, "Augmentation must be keras or dihedral or null, got 'mixup'" },
        { new ClassifierOptions { ThresholdRule = "median" }, "ThresholdRule must be youden, target_sensitivity, best_accuracy or null, got 'median'" },
        { new ClassifierOptions { Mean = [0.5f] }, "Mean and Std go together" },
        { new ClassifierOptions { ImageSize = 0 }, "ImageSize must be ≥ 1 or null, got 0" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Fit_BadOption_IsAnArgumentError_NamingTheOption(ClassifierOptions options, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => ImageClassifier.Fit(Phantom(3), "seed-cnn", options));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_UnknownModel_IsAnArgumentError_ListingTheKnownNames()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageClassifier.Fit(Phantom(3), "seed-cnnn"));
        Assert.Equal("model", e.ParamName);
        Assert.Contains("unknown model 'seed-cnnn'", e.Message, StringComparison.Ordinal);
        Assert.Contains("seed-cnn,", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_OneClass_IsADatasetError()
    {
        var e = Assert.Throws<DatasetFormatException>(() => ImageClassifier.Fit(Phantom(3).Where(d => d.Label == "normal"), "stats-lr"));
        Assert.Contains("at least two classes of at least two images each; found normal (3)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_ImagesOfSeveralSizes_WithoutImageSize_SaysToSetOne()
    {
        List<(Image, string)> data = [.. Phantom(3).Take(5), (new Image(1, 20, 30), "normal")];
        var e = Assert.Throws<ArgumentException>(() => ImageClassifier.Fit(data, "seed-cnn", new ClassifierOptions { Epochs = 1 }));
        Assert.Contains("several sizes (60×60, 20×30, …); set an input size", e.Message, StringComparison.Ordinal);
    }

    private sealed class PredictionComparer : IEqualityComparer<Prediction>
    {
        public bool Equals(Prediction? x, Prediction? y) =>
            x is not null && y is not null && x.Label == y.Label && x.Probability == y.Probability && x.CalibratedProbability == y.CalibratedProbability
            && x.Probabilities.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(y.Probabilities.OrderBy(p => p.Key, StringComparer.Ordinal));

        public int GetHashCode(Prediction obj) => obj.Label.GetHashCode(StringComparison.Ordinal);
    }
}
