using MedVision.Training;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MedVision.Pipeline.Experiments;

/// <summary>Reads and checks <see cref="ExperimentConfig"/> YAML files.</summary>
public static class ExperimentConfigLoader
{
    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithTypeMapping<IReadOnlyList<ModelConfig>, List<ModelConfig>>()
        .WithTypeMapping<IReadOnlyDictionary<string, string>, Dictionary<string, string>>()
        .WithTypeMapping<IReadOnlyList<float>, List<float>>()
        .WithTypeMapping<IReadOnlyList<double>, List<double>>()
        .WithTypeMapping<IReadOnlyList<int>, List<int>>()
        .WithTypeMapping<IReadOnlyList<string>, List<string>>()
        .WithTypeConverter(new AugmentYamlConverter())
        .Build();

    private static readonly ISerializer Writer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .WithTypeConverter(new AugmentYamlConverter())
        .Build();

    /// <summary>Parses <paramref name="path"/>; relative data and output paths are taken relative to the file's folder.</summary>
    public static ExperimentConfig Load(string path)
    {
        var config = Parse(File.ReadAllText(path), path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return config with
        {
            Data = config.Data is null ? null : Path.GetFullPath(Path.Combine(dir, config.Data)),
            Annotations = config.Annotations is null ? null : Path.GetFullPath(Path.Combine(dir, config.Annotations)),
            Volumes = config.Volumes is null ? null : Path.GetFullPath(Path.Combine(dir, config.Volumes)),
            Groups = config.Groups is null ? null : Path.GetFullPath(Path.Combine(dir, config.Groups)),
            Out = Path.GetFullPath(Path.Combine(dir, config.Out)),
            Models = [.. config.Models.Select(m => m.Weights is null ? m : m with { Weights = Path.GetFullPath(Path.Combine(dir, m.Weights)) })],
        };
    }

    /// <summary>Parses YAML text; <paramref name="source"/> names it in errors.</summary>
    public static ExperimentConfig Parse(string yaml, string source = "config")
    {
        ExperimentConfig? config;
        try
        {
            config = Reader.Deserialize<ExperimentConfig>(yaml);
        }
        catch (YamlException e)
        {
            var what = e.InnerException?.Message ?? e.Message;
            throw new ExperimentConfigException($"{source}: line {e.Start.Line}, column {e.Start.Column}: {what}");
        }

        config ??= new ExperimentConfig();
        Validate(config, source);
        return config;
    }

    /// <summary>The message for <paramref name="name"/> when it is set and not a choice of <paramref name="table"/>; null otherwise.</summary>
    private static string? Unknown<T>(NamedTable<T> table, string? name)
        where T : notnull =>
        name is null || table.TryGet(name, out _) ? null : table.UnknownMessage(name);

    /// <summary>The config as YAML, as written beside the results so that a run can be repeated.</summary>
    public static string ToYaml(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Sections of data sources the study does not read, left at their defaults, would only say what did not happen.
        var yaml = Writer.Serialize(config);
        var unused = UnusedSections(config);
        if (unused.Count == 0)
        {
            return yaml;
        }

        var tree = new Deserializer().Deserialize<Dictionary<object, object?>>(yaml);
        foreach (var key in unused)
        {
            tree.Remove(key);
        }

        return Writer.Serialize(tree);
    }

    /// <summary>Top-level keys of <paramref name="config"/>'s YAML that do not shape the study: the phantom size when data is given, MIAS and LUNA options at their defaults for other data.</summary>
    internal static List<string> UnusedSections(ExperimentConfig config)
    {
        var unused = new List<string>();
        if (config.Data is not null)
        {
            unused.Add("phantom_regions_per_class");
        }

        var mias = config.Data is not null && Directory.Exists(config.Data)
            && (config.Annotations is not null || Directory.EnumerateFiles(config.Data).Any(f => Path.GetFileName(f).Equals("Info.txt", StringComparison.OrdinalIgnoreCase)));
        if (!mias && config.Mias == new Data.MiasOptions())
        {
            unused.Add("mias");
        }

        if (config.Volumes is null && config.Luna == new Data.LunaOptions())
        {
            unused.Add("luna");
        }

        return unused;
    }

    /// <summary>Throws <see cref="ExperimentConfigException"/> naming the first setting that is out of range.</summary>
    public static void Validate(ExperimentConfig config, string source = "config")
    {
        void Fail(string message) => throw new ExperimentConfigException($"{source}: {message}");
        var p = config.Protocol;
        if (p.Kind is not ("auto" or "kfold" or "fixed" or "holdout"))
        {
            Fail($"protocol.kind must be auto, kfold, fixed or holdout, got '{p.Kind}'");
        }

        if (p.Kind is ("auto" or "kfold") && p.Folds < 2)
        {
            Fail($"protocol.folds must be ≥ 2, got {p.Folds}");
        }

        if (p.ValidationFraction is <= 0 or >= 1)
        {
            Fail($"protocol.validation_fraction must be in (0, 1), got {p.ValidationFraction}");
        }

        if (config.Bundle is not ("refit" or "fold" or "none"))
        {
            Fail($"bundle must be refit, fold or none, got '{config.Bundle}'");
        }

        if (config.Models.Count == 0)
        {
            Fail("models must name at least one model");
        }

        foreach (var m in config.Models)
        {
            if (string.IsNullOrWhiteSpace(m.Name))
            {
                Fail("every model needs a name");
            }

            if (m.Epochs is < 1)
            {
                Fail($"model {m.Name}: epochs must be ≥ 1, got {m.Epochs}");
            }

            if (m.BatchSize is < 1)
            {
                Fail($"model {m.Name}: batch_size must be ≥ 1, got {m.BatchSize}");
            }

            if (m.LearningRate is <= 0)
            {
                Fail($"model {m.Name}: learning_rate must be > 0, got {m.LearningRate}");
            }

            foreach (var unknown in new[]
            {
                Unknown(TrainingChoices.Optimizers, m.Optimizer), Unknown(TrainingChoices.Schedules, m.Schedule), Unknown(TrainingChoices.Samplings, m.Sampling),
                Unknown(TrainingChoices.Monitors, m.Monitor), Unknown(TrainingChoices.Inits, m.Init),
            }.OfType<string>())
            {
                Fail($"model {m.Name}: {unknown}");
            }

            if (m.FreezeEpochs is < 0 || m.StepEpochs is < 0)
            {
                Fail($"model {m.Name}: freeze_epochs and step_epochs must be ≥ 0, got {m.FreezeEpochs} and {m.StepEpochs}");
            }

            if (m.Milestones is not null && m.Schedule != "multistep" || m.Gamma is not null && m.Schedule is not ("step" or "multistep"))
            {
                Fail($"model {m.Name}: milestones set the multistep schedule and gamma the step and multistep schedules; schedule is {m.Schedule ?? "constant"}");
            }

            if (m.Milestones is { } milestones && (milestones.Count == 0 || milestones.Any(e => e < 1)))
            {
                Fail($"model {m.Name}: milestones must be one or more epochs ≥ 1, got [{string.Join(", ", milestones)}]");
            }

            if (m.Gamma is { } gamma && !(gamma > 0 && double.IsFinite(gamma)))
            {
                Fail($"model {m.Name}: gamma must be a finite number > 0, got {gamma}");
            }

            if (m.LrRatio is < 1)
            {
                Fail($"model {m.Name}: lr_ratio must be ≥ 1, got {m.LrRatio}");
            }

            if (m.LabelSmoothing is { } smoothing && !(smoothing >= 0 && smoothing < 1))
            {
                Fail($"model {m.Name}: label_smoothing must be in [0, 1), got {smoothing}");
            }

            if (m.InputMean is null != m.InputStd is null || (m.InputMean is { } mean && mean.Count != m.InputStd!.Count))
            {
                Fail($"model {m.Name}: input_mean and input_std go together, one value per input channel each; got {m.InputMean?.Count ?? 0} and {m.InputStd?.Count ?? 0}");
            }

            if (m.InputStd is { } std && std.Any(v => !(v > 0) || !float.IsFinite(v)))
            {
                Fail($"model {m.Name}: every input_std must be a finite number > 0, got [{string.Join(", ", std)}]");
            }

            if (m.ClipGradNorm is < 0)
            {
                Fail($"model {m.Name}: clip_grad_norm must be ≥ 0, got {m.ClipGradNorm}");
            }

            if (m.Params is { Count: > 0 } parameters)
            {
                var dash = m.Name.IndexOf('-', StringComparison.Ordinal);
                var classifier = dash > 0 && (Models.ModelCatalog.FeatureExtractors.ContainsKey(m.Name[..dash]) || Models.ModelCatalog.DeepFeatures.ContainsKey(m.Name[..dash]))
                    ? m.Name[(dash + 1)..]
                    : null;
                if (classifier is null || !Classical.Composition.ClassifierTable.Names.Contains(classifier, StringComparer.Ordinal))
                {
                    Fail($"model {m.Name}: params set classifier hyperparameters of <features>-<classifier> pipelines");
                }

                try
                {
                    Classical.Composition.ClassifierTable.Create(classifier!, parameters);
                }
                catch (ArgumentException error)
                {
                    Fail($"model {m.Name}: {error.Message}");
                }
            }

            if (m.AugmentPreset is { } preset && !Training.Augmentations.Presets.ContainsKey(preset))
            {
                Fail($"model {m.Name}: augment_preset must be {string.Join(" or ", Training.Augmentations.Presets.Keys)}, got '{preset}'");
            }

            if (m.Augment is { } augment)
            {
                if (m.AugmentPreset is not null && (augment.Steps.Count > 0 || augment.Preset is not null))
                {
                    Fail($"model {m.Name}: augment_preset goes with augment: true; augment names its list itself");
                }

                try
                {
                    Training.AugmentationList.Resolve(augment, m.AugmentPreset);
                }
                catch (TrainingConfigException error)
                {
                    Fail($"model {m.Name}: augment: {error.Message}");
                }
            }

            if (m.PatchSize is < 1)
            {
                Fail($"model {m.Name}: patch_size must be ≥ 1, got {m.PatchSize}");
            }

            if (m.PatchesPerImage is < 1)
            {
                Fail($"model {m.Name}: patches_per_image must be ≥ 1, got {m.PatchesPerImage}");
            }

            if (m.TrainPatches is < 1)
            {
                Fail($"model {m.Name}: train_patches must be ≥ 1, got {m.TrainPatches}");
            }

            if (m.Vote is not (null or "majority" or "mean" or "max"))
            {
                Fail($"model {m.Name}: vote must be majority, mean or max, got '{m.Vote}'");
            }

            if (m.TestAugment is not (null or "dihedral"))
            {
                Fail($"model {m.Name}: test_augment must be dihedral, got '{m.TestAugment}'");
            }

            var deep = Models.ModelCatalog.IsDeepFeatureName(m.Name);
            if (!deep && (m.FeatureLayers is not null || m.CGrid is not null || m.NetworkSize is not null))
            {
                Fail($"model {m.Name}: feature_layers, c_grid and network_size set deep-feature pipelines ({string.Join("/", Models.ModelCatalog.DeepFeatures.Keys)}-<classifier>)");
            }

            if (m.NetworkSize is < 1)
            {
                Fail($"model {m.Name}: network_size must be ≥ 1, got {m.NetworkSize}");
            }

            if (m.CGrid is { } cs && (cs.Count == 0 || cs.Any(c => !(c > 0) || !double.IsFinite(c))))
            {
                Fail($"model {m.Name}: c_grid must list finite values > 0, got [{string.Join(", ", cs)}]");
            }

            if (m.FeatureLayers is { } sets && (sets.Count == 0 || sets.Any(set => set.Split('+').Any(string.IsNullOrWhiteSpace))))
            {
                Fail($"model {m.Name}: feature_layers must list layer names or +-joined sets of them (layer3+layer4), got [{string.Join(", ", sets)}]");
            }

            if (deep && m.Augment is { } deepAugment && (deepAugment.Steps.Count > 0 || (deepAugment.Preset ?? m.AugmentPreset) != "dihedral"))
            {
                Fail($"model {m.Name}: a deep-feature pipeline augments only with the eight flips and quarter turns of each training patch (augment: dihedral)");
            }

            if (m.PatchSize is null && (m.PatchesPerImage is not null || m.TrainPatches is not null || m.Vote is not null || m.BalancePatches || m.TestAugment is not null))
            {
                Fail($"model {m.Name}: patches_per_image, train_patches, balance_patches, vote and test_augment need patch_size");
            }
        }

        if (config.Models.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != config.Models.Count)
        {
            Fail("model names must be unique");
        }

        var e = config.Evaluation;
        if (e.Bootstrap is < 0)
        {
            Fail($"evaluation.bootstrap must be ≥ 0, got {e.Bootstrap}");
        }

        if (e.Confidence is <= 0 or >= 1)
        {
            Fail($"evaluation.confidence must be in (0, 1), got {e.Confidence}");
        }

        if (e.Threshold is < 0 or > 1)
        {
            Fail($"evaluation.threshold must be in [0, 1], got {e.Threshold}");
        }

        if (e.ThresholdRule is { } rule && !ValidationThreshold.Rules.ContainsKey(rule))
        {
            Fail($"evaluation.threshold_rule must be {string.Join(", ", ValidationThreshold.Rules.Keys)}, got '{rule}'");
        }

        if (e.ThresholdRule == "target_sensitivity" && e.TargetSensitivity is null)
        {
            Fail("evaluation.threshold_rule target_sensitivity needs evaluation.target_sensitivity");
        }

        if (e.TargetSensitivity is <= 0 or > 1)
        {
            Fail($"evaluation.target_sensitivity must be in (0, 1], got {e.TargetSensitivity}");
        }

        if (config.PhantomRegionsPerClass < 2)
        {
            Fail($"phantom_regions_per_class must be ≥ 2, got {config.PhantomRegionsPerClass}");
        }

        if (config.Threads < 0)
        {
            Fail($"threads must be ≥ 0, got {config.Threads}");
        }
    }
}
