using System.Text.Json.Nodes;
using MedVision.Data;
using MedVision.Imaging;
using MedVision.Imaging.Preprocessing;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Experiments;
using MedVision.Pipeline.Models;
using MedVision.Tensors;
using MedVision.Training;

namespace MedVision.Pipeline.Classifier;

/// <summary>
/// Training in one call, for programs that use MedVision as a library (Keras' <c>fit</c>, fastai's <c>vision_learner</c>):
/// <code>
/// var bundle = ImageClassifier.Fit("data/", "seed-cnn", new ClassifierOptions { Epochs = 10 });
/// foreach (var p in bundle.Predict(images)) Console.WriteLine($"{p.Label} {p.Probability:0.00}");
/// bundle.Save("models/seed-cnn");
/// </code>
/// The images are split once (stratified, whole groups, <see cref="ClassifierOptions.ValidationFraction"/> held out);
/// the model of <see cref="ModelCatalog"/> — a CNN of the zoo or a <c>&lt;features&gt;-&lt;classifier&gt;</c> pipeline —
/// is trained on the training part exactly as one fold of <c>medvision experiment</c> trains it; the binary threshold
/// (<see cref="ClassifierOptions.ThresholdRule"/>) and the Platt calibration are fitted on images the model did not
/// learn from, as the experiment's bundles are (<see cref="BundleBuilder"/>). The result is a
/// <see cref="ModelBundle"/> that predicts in memory and saves to the format of <c>runs/&lt;study&gt;/models/&lt;model&gt;</c>.
/// </summary>
public static class ImageClassifier
{
    /// <summary>The model <see cref="Fit(string, string, ClassifierOptions?)"/> trains unless told otherwise: seeds/000's CNN.</summary>
    public const string DefaultModel = "seed-cnn";

    /// <summary>
    /// Trains <paramref name="model"/> on the images under <paramref name="data"/>: a folder of class folders
    /// (<c>data/&lt;class&gt;/*.png</c>, also under <c>train/val/test</c>), or any layout <see cref="DatasetDiscovery"/>
    /// reads (CSV manifest, <c>.npz</c>, MIAS folder). Class names are the folder names in ordinal order.
    /// </summary>
    /// <exception cref="DatasetFormatException">The data cannot be read, or has fewer than two classes or a class with fewer than two images.</exception>
    /// <exception cref="ArgumentException">An unknown model or an option out of range; the message names it.</exception>
    public static ModelBundle Fit(string data, string model = DefaultModel, ClassifierOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(data);
        options ??= new ClassifierOptions();
        Validate(model, options);
        var dataset = DatasetDiscovery.Discover(data, new DatasetOptions { Seed = options.Seed });
        return Fit(PositiveClass.Apply(dataset, options.PositiveClass), ImageStore.Load, model, options);
    }

    /// <summary>
    /// Trains <paramref name="model"/> on images in memory, each with its class name; class names are sorted in ordinal
    /// order (label 0 first), and every image is its own group.
    /// </summary>
    /// <exception cref="ArgumentException">No images, fewer than two classes or a class with fewer than two images, an unknown model or an option out of range.</exception>
    public static ModelBundle Fit(IEnumerable<(Image Image, string Label)> images, string model = DefaultModel, ClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        options ??= new ClassifierOptions();
        Validate(model, options);
        var list = images.ToList();
        if (list.Any(x => x.Image is null || string.IsNullOrEmpty(x.Label)))
        {
            throw new ArgumentException($"image {list.FindIndex(x => x.Image is null || string.IsNullOrEmpty(x.Label))} has no pixels or no label", nameof(images));
        }

        var classes = list.Select(x => x.Label).Distinct().Order(StringComparer.Ordinal).ToList();
        var samples = list.Select((x, i) => new Sample($"image{i:D6}", $"image{i:D6}", classes.IndexOf(x.Label))).ToList();
        var dataset = PositiveClass.Apply(new Dataset("images", "(in memory)", classes, samples), options.PositiveClass);
        return Fit(dataset, d => ImageStore.FromImages(d, [.. list.Select(x => x.Image)]), model, options);
    }

    private static ModelBundle Fit(Dataset dataset, Func<Dataset, ImageStore> load, string model, ClassifierOptions options)
    {
        var counts = dataset.ClassCounts();
        if (counts.Length < 2 || counts.Any(n => n < 2))
        {
            throw new DatasetFormatException(
                $"{dataset.Root}: training needs at least two classes of at least two images each; found {string.Join(", ", dataset.ClassNames.Select((c, k) => $"{c} ({counts[k]})"))}");
        }

        // Scoped to this call: a fit running beside it with another count keeps its own.
        using var threads = Parallelism.Scope(options.Threads == 0 ? Environment.ProcessorCount : options.Threads);
        return Train(Preprocess(load(dataset), options.Preprocess), model, options);
    }

    private static ModelBundle Train(ImageStore store, string model, ClassifierOptions options)
    {
        var log = options.Log is null ? null : new Callback<string>(options.Log);
        var dataset = store.Dataset;
        IModelRecipe recipe;
        try
        {
            recipe = ModelCatalog.Create(Config(model, options), store, options.Progress is null ? null : new Callback<EpochReport>(options.Progress));
        }
        catch (ExperimentConfigException e)
        {
            throw new ArgumentException(e.Message, nameof(model), e);
        }

        // As an experiment: exact and near-duplicate images share a group, so none is on both sides of the split.
        var merged = store.Audit().MergedGroups;
        IReadOnlyList<string> groups = merged.Count == dataset.Samples.Count ? merged : [.. dataset.Samples.Select(s => s.Group)];
        var labels = dataset.Samples.Select(s => s.Label).ToArray();
        var protocol = new ProtocolConfig { Kind = "holdout", ValidationFraction = options.ValidationFraction, Grouped = true };
        var (train, validation) = ExperimentPlan.Carve([.. Enumerable.Range(0, labels.Length)], labels, groups, protocol, options.Seed + 1);
        var binary = dataset.ClassNames.Count == 2;
        var rule = binary ? options.ThresholdRule : null;
        var fold = new FoldData(0, train, validation, [], options.Seed) { ScoreValidation = rule is not null };
        log?.Report($"{model}: {train.Length} training and {validation.Length} validation images, classes {string.Join(" / ", dataset.ClassNames)}");
        var trained = recipe.RunFold(store, fold, log);

        var threshold = 0.5;
        var metrics = new JsonObject
        {
            ["protocol"] = $"ImageClassifier.Fit: stratified grouped hold-out of {options.ValidationFraction:P0} of {labels.Length} images for validation",
        };
        if (rule is not null)
        {
            var evaluation = new EvaluationConfig { ThresholdRule = rule, TargetSensitivity = options.TargetSensitivity };
            (threshold, var warning) = ValidationThreshold.ChooseOne([.. validation.Select(i => labels[i])], trained.ValidationScores!, evaluation);
            if (warning is null)
            {
                (threshold, warning) = BundleBuilder.Storable(threshold, 0.5);
            }

            metrics["threshold_from"] = $"{rule} on the {validation.Length} validation images";
            if (warning is not null)
            {
                log?.Report($"{model}: {warning}");
            }
        }

        var manifest = new BundleManifest
        {
            Name = recipe.Name,
            Kind = recipe.Kind,
            Input = new InputSpec(1, null, null, 1f, options.Preprocess),
            ClassNames = dataset.ClassNames,
            Threshold = threshold,
            Training = new TrainingSpec("single split", train.Length, validation.Length),
            DataSha256 = store.ContentHash,
            Seed = fold.Seed,
            MedvisionVersion = BundleBuilder.Version,
            Metrics = metrics,
        };
        return BundleBuilder.Assemble(recipe, fold, trained, store, groups, manifest);
    }

    /// <summary>The experiment's model settings that <paramref name="options"/> give.</summary>
    private static ModelConfig Config(string model, ClassifierOptions options) => new()
    {
        Name = model,
        Epochs = options.Epochs,
        BatchSize = options.BatchSize,
        LearningRate = options.LearningRate,
        Patience = options.Patience,
        InputSize = options.ImageSize,
        Augment = options.Augmentation is null ? null : new AugmentConfig { Preset = options.Augmentation },
        InputMean = options.Mean,
        InputStd = options.Std,
    };

    private static ImageStore Preprocess(ImageStore store, string? chain)
    {
        if (string.IsNullOrWhiteSpace(chain))
        {
            return store;
        }

        try
        {
            return store.Map(PreprocessChain.Parse(chain).Apply);
        }
        catch (PreprocessChainException e)
        {
            throw new ArgumentException($"{nameof(ClassifierOptions.Preprocess)}: {e.Message}", nameof(chain), e);
        }
    }

    /// <summary>Checks the options at the door, so that a bad value fails before any image is read.</summary>
    private static void Validate(string model, ClassifierOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        static void Fail(string message) => throw new ArgumentException(message, nameof(options));
        if (options.Epochs < 1)
        {
            Fail($"{nameof(ClassifierOptions.Epochs)} must be ≥ 1, got {options.Epochs}");
        }

        if (options.BatchSize < 1)
        {
            Fail($"{nameof(ClassifierOptions.BatchSize)} must be ≥ 1, got {options.BatchSize}");
        }

        if (!(options.LearningRate > 0) || !double.IsFinite(options.LearningRate))
        {
            Fail($"{nameof(ClassifierOptions.LearningRate)} must be a finite number > 0, got {options.LearningRate}");
        }

        if (options.Patience < 0 || options.Threads < 0)
        {
            Fail($"{nameof(ClassifierOptions.Patience)} and {nameof(ClassifierOptions.Threads)} must be ≥ 0, got {options.Patience} and {options.Threads}");
        }

        if (!(options.ValidationFraction > 0 && options.ValidationFraction < 1))
        {
            Fail($"{nameof(ClassifierOptions.ValidationFraction)} must be in (0, 1), got {options.ValidationFraction}");
        }

        if (options.ImageSize is < 1)
        {
            Fail($"{nameof(ClassifierOptions.ImageSize)} must be ≥ 1 or null, got {options.ImageSize}");
        }

        if (options.Augmentation is { } augmentation && !AugmentationList.Named.ContainsKey(augmentation))
        {
            Fail($"{nameof(ClassifierOptions.Augmentation)} must be {string.Join(" or ", AugmentationList.Named.Keys)} or null, got '{augmentation}'");
        }

        if (options.ThresholdRule is { } rule && !ValidationThreshold.Rules.ContainsKey(rule))
        {
            Fail($"{nameof(ClassifierOptions.ThresholdRule)} must be {string.Join(", ", ValidationThreshold.Rules.Keys)} or null, got '{rule}'");
        }

        if (!(options.TargetSensitivity > 0 && options.TargetSensitivity <= 1))
        {
            Fail($"{nameof(ClassifierOptions.TargetSensitivity)} must be in (0, 1], got {options.TargetSensitivity}");
        }

        if (options.Mean is null != options.Std is null || (options.Mean is { } mean && mean.Count != options.Std!.Count))
        {
            Fail($"{nameof(ClassifierOptions.Mean)} and {nameof(ClassifierOptions.Std)} go together, one value per channel each; got {options.Mean?.Count ?? 0} and {options.Std?.Count ?? 0}");
        }
    }

    /// <summary>A callback as the recipes take progress: synchronously, unlike <see cref="Progress{T}"/>, which posts to the thread pool.</summary>
    private sealed class Callback<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
