using MedVision.Classical.Composition;
using MedVision.Data;
using MedVision.Imaging.Features;
using MedVision.Nn;
using MedVision.Nn.Onnx;
using MedVision.Nn.Patches;
using MedVision.Nn.Zoo;
using MedVision.Pipeline.Experiments;
using MedVision.Training;

namespace MedVision.Pipeline.Models;

/// <summary>
/// Turns a configured model name into a recipe. Two explicit tables: feature extractors (the part before the dash of
/// <c>&lt;features&gt;-&lt;classifier&gt;</c>) and classifiers (the part after); every other name is a CNN of the
/// network zoo.
/// </summary>
public static class ModelCatalog
{
    /// <summary>
    /// Feature extractors by name (<see cref="FeatureExtractorTable"/>, with its defaults); the model config's wavelet
    /// settings apply to <c>wavelet</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, Func<ModelConfig, IImageFeatureExtractor>> FeatureExtractors { get; } =
        FeatureExtractorTable.All.ToDictionary(e => e.Name, e => e.Name == "wavelet" ? WaveletExtractor : (Func<ModelConfig, IImageFeatureExtractor>)(_ => e.Create()), StringComparer.Ordinal);

    /// <summary>
    /// Frozen pretrained networks whose pooled block outputs feed a classifier of the classifier table, by the name
    /// before the dash of <c>&lt;network&gt;-&lt;classifier&gt;</c> (<see cref="DeepFeatureRecipe"/>):
    /// <c>imagenet</c> is ML.NET's ImageNet ResNet-18 (<c>resnet18-imagenet</c> with <c>pretrained: imagenet-resnet18</c>),
    /// blocks <c>layer1</c> … <c>layer4</c> (64, 128, 256, 512 channels). Each network is a zoo architecture, which
    /// a <c>deep-features</c> bundle rebuilds; the factory takes the model's name (for errors).
    /// </summary>
    public static IReadOnlyDictionary<string, (string Architecture, Func<string, Func<int, Module>> Network)> DeepFeatures { get; } =
        new Dictionary<string, (string, Func<string, Func<int, Module>>)>(StringComparer.Ordinal)
        {
            ["imagenet"] = ("resnet18-imagenet", ImageNetResNet18),
        };

    /// <summary>Whether <paramref name="name"/> is <c>&lt;network&gt;-&lt;classifier&gt;</c> with a network of <see cref="DeepFeatures"/>.</summary>
    public static bool IsDeepFeatureName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && DeepFeatures.ContainsKey(name[..dash]);
    }

    /// <summary>The recipe for <paramref name="model"/>; throws <see cref="ExperimentConfigException"/> for an unknown name.</summary>
    public static IModelRecipe Create(ModelConfig model, ImageStore store, IProgress<EpochReport>? epochs = null)
    {
        var dash = model.Name.IndexOf('-', StringComparison.Ordinal);
        if (IsDeepFeatureName(model.Name))
        {
            var (architecture, network) = DeepFeatures[model.Name[..dash]];
            return DeepFeatureRecipeOf(model, network(model.Name), architecture);
        }

        if (dash > 0 && FeatureExtractors.TryGetValue(model.Name[..dash], out var extractor))
        {
            var classifierName = model.Name[(dash + 1)..];
            if (!ClassifierTable.Names.Contains(classifierName, StringComparer.Ordinal))
            {
                throw new ExperimentConfigException(
                    $"model {model.Name}: unknown classifier '{classifierName}'; known: {string.Join(", ", ClassifierTable.Names)}");
            }

            return new FeatureRecipe(model.Name, extractor(model), () => ClassifierTable.Create(classifierName, model.Params));
        }

        if (ModelZoo.All.Any(e => e.Name == model.Name))
        {
            if (model.Weights is { } weights && !File.Exists(weights))
            {
                throw new ExperimentConfigException($"model {model.Name}: weights file {weights} does not exist");
            }

            var startWeights = model.Pretrained is null ? model.Weights : PretrainedWeights(model);

            var options = new TrainerOptions
            {
                Epochs = model.Epochs ?? 25,
                BatchSize = model.BatchSize ?? 32,
                LearningRate = model.LearningRate ?? 1e-3,
                Optimizer = Choice(TrainingChoices.Optimizers, model.Optimizer ?? "adam", model),
                Patience = model.Patience ?? 0,
                Schedule = Choice(TrainingChoices.Schedules, model.Schedule ?? "constant", model) switch
                {
                    ScheduleFactory.Step step => step with { Epochs = model.StepEpochs ?? 0, Gamma = model.Gamma ?? step.Gamma },
                    ScheduleFactory.MultiStep multi => multi with { Milestones = model.Milestones ?? multi.Milestones, Gamma = model.Gamma ?? multi.Gamma },
                    var other => other,
                },
                Monitor = Choice(TrainingChoices.Monitors, model.Monitor ?? "loss", model),
                LrFind = model.LrFind,
                FreezeEpochs = model.FreezeEpochs ?? 0,
                LrRatio = model.LrRatio ?? 1,
                ClipGradNorm = model.ClipGradNorm ?? 0,
                // Binary until a fold's class count says otherwise (the recipes' LossFactory.ForClasses); label smoothing is K-class only.
                Loss = model.LabelSmoothing is > 0 and var smoothing
                    ? new LossFactory.CrossEntropy(model.BalanceClasses, smoothing)
                    : new LossFactory.BinaryCrossEntropy(model.BalanceClasses),
                Sampling = Choice(TrainingChoices.Samplings, model.Sampling ?? "shuffle", model),
            };
            Action<Span<float>, int, int, Tensors.Generator>? augment;
            try
            {
                augment = AugmentationList.Resolve(model.Augment, model.AugmentPreset);
            }
            catch (TrainingConfigException e)
            {
                throw new ExperimentConfigException($"model {model.Name}: augment: {e.Message}");
            }

            if (augment is not null)
            {
                // The checkpoint fingerprint tells augmentations apart: a list by its steps, a preset by its name.
                options = options with
                {
                    Augmentation = model.Augment!.Steps.Count > 0
                        ? string.Join(";", model.Augment.Steps.Select(st => st.Name + "(" + string.Join(",", st.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={string.Join("/", p.Value)}")) + ")"))
                        : model.Augment.Preset ?? model.AugmentPreset ?? "keras",
                };
            }

            var init = Choice(TrainingChoices.Inits, model.Init ?? "reference", model);
            return model.PatchSize is { } patchSize
                ? new PatchRecipe(model.Name, options, Patches(model, patchSize), model.InputSize, augment, epochs, startWeights, model.InputMean, model.InputStd, init)
                : new CnnRecipe(model.Name, options, model.InputSize, augment, epochs, startWeights, model.InputMean, model.InputStd, init);
        }

        throw new ExperimentConfigException(
            $"unknown model '{model.Name}': name a CNN of the zoo ({string.Join(", ", ModelZoo.All.Select(e => e.Name))}) or a feature pipeline " +
            $"<features>-<classifier> with features {string.Join("/", FeatureExtractors.Keys.Concat(DeepFeatures.Keys))} and classifier {string.Join("/", ClassifierTable.Names)}");
    }

    /// <summary>The ONNX file that <see cref="ModelConfig.Pretrained"/> names, checked against the architecture.</summary>
    private static string PretrainedWeights(ModelConfig model)
    {
        if (model.Weights is not null)
        {
            throw new ExperimentConfigException($"model {model.Name}: set either weights or pretrained, not both");
        }

        if (model.Pretrained != ImageNetResNet18Files.Name)
        {
            throw new ExperimentConfigException($"model {model.Name}: unknown pretrained weights '{model.Pretrained}'; known: {ImageNetResNet18Files.Name}");
        }

        if (model.Name is not ("resnet18-imagenet" or "resnet18-imagenet-fusion" or "resnet18-mlnet"))
        {
            throw new ExperimentConfigException(
                $"model {model.Name}: pretrained: {ImageNetResNet18Files.Name} is a ResNet-18 with [2, 2, 2, 3] blocks; use it with resnet18-imagenet (its input normalisation built in), resnet18-imagenet-fusion or resnet18-mlnet");
        }

        try
        {
            return ImageNetResNet18Files.Locate().Model;
        }
        catch (FileNotFoundException e)
        {
            throw new ExperimentConfigException($"model {model.Name}: {e.Message}");
        }
    }

    /// <summary>The value of a trainer setting's <paramref name="name"/>; an unknown one is a config error naming the model and the known names.</summary>
    private static T Choice<T>(NamedTable<T> table, string name, ModelConfig model)
        where T : notnull =>
        table.TryGet(name, out var value) ? value : throw new ExperimentConfigException($"model {model.Name}: {table.UnknownMessage(name)}");

    /// <summary>
    /// The deep-feature recipe of <paramref name="model"/> (<c>&lt;network&gt;-&lt;classifier&gt;</c>, its patch,
    /// layer, size and C settings) on the frozen network that <paramref name="network"/> builds for the images' channels;
    /// <paramref name="architecture"/> is its zoo name (null: not a zoo network, no bundle).
    /// </summary>
    /// <exception cref="ExperimentConfigException">The classifier is unknown or a setting is out of range.</exception>
    public static DeepFeatureRecipe DeepFeatureRecipeOf(ModelConfig model, Func<int, Module> network, string? architecture = null)
    {
        var classifierName = model.Name[(model.Name.IndexOf('-', StringComparison.Ordinal) + 1)..];
        if (!ClassifierTable.Names.Contains(classifierName, StringComparer.Ordinal))
        {
            throw new ExperimentConfigException(
                $"model {model.Name}: unknown classifier '{classifierName}'; known: {string.Join(", ", ClassifierTable.Names)}");
        }

        var options = new DeepFeatureOptions
        {
            Patches = model.PatchSize is { } size ? Patches(model, size) : null,
            ImageSize = model.InputSize,
            NetworkSize = model.NetworkSize,
            LayerSets = model.FeatureLayers is { } sets ? [.. sets.Select(s => (IReadOnlyList<string>)[.. s.Split('+', StringSplitOptions.TrimEntries)])] : [["layer4"]],
            CValues = model.CGrid ?? [],
            DihedralTrainViews = model.Augment is not null,
            Parameters = model.Params,
        };
        try
        {
            return new DeepFeatureRecipe(model.Name, architecture, network, p => ClassifierTable.Create(classifierName, p), options);
        }
        catch (ArgumentException e)
        {
            throw new ExperimentConfigException($"model {model.Name}: {e.Message}");
        }
    }

    /// <summary>Builds ML.NET's ImageNet ResNet-18 with its input normalisation, weights imported from the NuGet cache's ONNX file.</summary>
    private static Func<int, Module> ImageNetResNet18(string model)
    {
        string onnx;
        try
        {
            onnx = ImageNetResNet18Files.Locate().Model;
        }
        catch (FileNotFoundException e)
        {
            throw new ExperimentConfigException($"model {model}: {e.Message}");
        }

        return channels =>
        {
            var network = ModelZoo.Create("resnet18-imagenet", channels, 224, 224);
            CnnRecipe.LoadWeights(network, "resnet18-imagenet", onnx);
            return network;
        };
    }

    private static PatchOptions Patches(ModelConfig model, int size) => new()
    {
        Size = size,
        TestPatches = model.PatchesPerImage ?? 25,
        TrainPatches = model.TrainPatches ?? 1,
        BalanceClasses = model.BalancePatches,
        DihedralTestAugment = model.TestAugment == "dihedral",
        Vote = PatchOptions.VoteNames.TryGetValue(model.Vote ?? "majority", out var vote)
            ? vote
            : throw new ExperimentConfigException($"model {model.Name}: vote must be majority, mean or max, got '{model.Vote}'"),
    };

    private static IImageFeatureExtractor WaveletExtractor(ModelConfig model)
    {
        var options = new WaveletFeatureOptions();
        if (model.Wavelet is { } family)
        {
            options = options with { Wavelet = family };
        }

        if (model.Level is { } level)
        {
            options = options with { Level = level, LastDetailLevel = level, FirstDetailLevel = Math.Min(2, level) };
        }

        if (model.Levels is { } levels)
        {
            var parts = levels.Split('-');
            if (parts.Length != 2 || !int.TryParse(parts[0], out var first) || !int.TryParse(parts[1], out var last) || first < 1 || last < first)
            {
                throw new ExperimentConfigException($"model {model.Name}: levels must look like 2-4, got '{levels}'");
            }

            options = options with { FirstDetailLevel = first, LastDetailLevel = last };
        }

        return new WaveletFeatures(options);
    }
}
