using System.CommandLine;
using MedVision.Pipeline.Experiments;
using MedVision.Training;

namespace MedVision.Cli.Verbs;

/// <summary>
/// The flags shared by <c>experiment</c> and <c>demo</c>: seeds/000's options (<c>--data --epochs --augment --folds
/// --wavelet --level --classifier --latex</c>) plus <c>--models --grouped --seed --out --bootstrap --threads</c>.
/// Flags override the YAML config given by <c>--config</c>.
/// </summary>
internal sealed class ExperimentOptions
{
    public Option<FileInfo?> Config { get; } = new("--config") { Description = "YAML experiment config; flags override its values" };

    public Option<string?> Data { get; } = new("--data") { Description = "Data folder (class folders, optionally under Train/Val/Test; MIAS mammograms with Info.txt), CSV manifest or candidate list, or .npz" };

    /// <summary>Flags of the data layouts that need settings (MIAS, LUNA, group files).</summary>
    public DataSourceOptions Sources { get; } = new();

    public Option<string?> GroupPattern { get; } = new("--group-pattern") { Description = "Regex whose 'group' capture names the source of each file (e.g. '^(?<group>.+\\.pgm)_\\d+\\.png$')" };

    public Option<string?> PositiveClass { get; } = new("--positive-class") { Description = "Binary data: the class the scores, metrics and threshold refer to (default: the second class in sort order)" };

    public Option<string?> Models { get; } = new("--models") { Description = "Comma-separated models: zoo CNNs (seed-cnn, resnet18, …) and <features>-<classifier> pipelines (wavelet-rf, wavelet-svm, …)" };

    public Option<string?> Protocol { get; } = new("--protocol") { Description = "auto (default: fixed when the data carries its own train/test split, else kfold), kfold, fixed (the data's train/val/test split) or holdout" };

    public Option<int?> Folds { get; } = new("--folds") { Description = "Folds of cross-validation (default 5)" };

    public Option<bool?> Grouped { get; } = new("--grouped") { Description = "Keep each group in one fold (default true; --grouped false shows what leakage does)" };

    public Option<int?> Epochs { get; } = new("--epochs") { Description = "Training epochs of every CNN" };

    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "Mini-batch size of every CNN" };

    public Option<double?> LearningRate { get; } = new("--lr") { Description = "Learning rate of every CNN" };

    public Option<bool> Augment { get; } = new("--augment") { Description = "Augment CNN training images (Keras ImageDataGenerator preset of seeds/000)" };

    public Option<string?> AugmentPreset { get; } = new("--augment-preset") { Description = "Augmentation of --augment: keras (default) or dihedral (flips and quarter turns); implies --augment" };

    public Option<string?> Wavelet { get; } = new("--wavelet") { Description = "Wavelet of wavelet feature pipelines (default db5)" };

    public Option<int?> Level { get; } = new("--level") { Description = "Decomposition level of wavelet features (default 4)" };

    public Option<string?> Classifier { get; } = new("--classifier") { Description = "Adds the model wavelet-<classifier> (svm, nb, knn, dt, lr, rf, gb, mlp)" };

    public Option<bool?> Latex { get; } = new("--latex") { Description = "Write LaTeX tables (default true)" };

    public Option<int?> Bootstrap { get; } = new("--bootstrap") { Description = "Bootstrap resamples for confidence intervals (default 1000)" };

    public Option<int?> Seed { get; } = new("--seed") { Description = "Seed of every random choice (default 0)" };

    public Option<int?> Threads { get; } = new("--threads") { Description = "Worker threads (default: all cores)" };

    public Option<string?> Out { get; } = new("--out") { Description = "Output folder" };

    public Option<string?> ThresholdRule { get; } = new("--threshold-rule") { Description = "Choose each fold's threshold on its validation predictions: youden, target_sensitivity or best_accuracy (default: the fixed threshold 0.5)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Config, Data, GroupPattern, PositiveClass, Models, Protocol, Folds, Grouped, Epochs, BatchSize, LearningRate, Augment, AugmentPreset, Wavelet, Level, Classifier, Latex, Bootstrap, ThresholdRule, Seed, Threads, Out })
        {
            command.Options.Add(option);
        }

        Sources.AddTo(command);
    }

    /// <summary>The config: <paramref name="defaults"/> or the <c>--config</c> file, then every flag given.</summary>
    public ExperimentConfig Build(ParseResult parse, ExperimentConfig defaults)
    {
        var config = parse.GetValue(Config) is { } file
            ? (file.Exists ? ExperimentConfigLoader.Load(file.FullName) : throw new UsageException($"--config: {file.FullName} does not exist"))
            : defaults;
        if (parse.GetValue(Data) is { } data)
        {
            config = config with { Data = Path.GetFullPath(data) };
        }

        config = Sources.Apply(parse, config);
        if (parse.GetValue(GroupPattern) is { } pattern)
        {
            config = config with { GroupPattern = pattern };
        }

        config = parse.GetValue(PositiveClass) is { } positive ? config with { PositiveClass = positive } : config;

        var protocol = config.Protocol;
        protocol = parse.GetValue(Protocol) is { } kind ? protocol with { Kind = kind } : protocol;
        protocol = parse.GetValue(Folds) is { } folds ? protocol with { Folds = folds } : protocol;
        protocol = parse.GetValue(Grouped) is { } grouped ? protocol with { Grouped = grouped } : protocol;
        config = config with { Protocol = protocol };

        var models = parse.GetValue(Models) is { } names
            ? names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => new ModelConfig { Name = n }).ToList()
            : [.. config.Models];
        if (parse.GetValue(Classifier) is { } classifier && models.All(m => m.Name != $"wavelet-{classifier}"))
        {
            models.Add(new ModelConfig { Name = $"wavelet-{classifier}" });
        }

        var preset = parse.GetValue(AugmentPreset);
        var augment = parse.GetValue(Augment) || preset is not null;
        models = [.. models.Select(m => m with
        {
            Epochs = parse.GetValue(Epochs) ?? m.Epochs,
            BatchSize = parse.GetValue(BatchSize) ?? m.BatchSize,
            LearningRate = parse.GetValue(LearningRate) ?? m.LearningRate,
            Augment = m.Augment ?? (augment ? AugmentConfig.On : null),
            AugmentPreset = preset ?? m.AugmentPreset,
            Wavelet = parse.GetValue(Wavelet) ?? m.Wavelet,
            Level = parse.GetValue(Level) ?? m.Level,
        })];
        config = config with { Models = models };
        config = parse.GetValue(Latex) is { } latex ? config with { Latex = latex } : config;
        config = parse.GetValue(Bootstrap) is { } bootstrap ? config with { Evaluation = config.Evaluation with { Bootstrap = bootstrap } } : config;
        config = parse.GetValue(ThresholdRule) is { } rule ? config with { Evaluation = config.Evaluation with { ThresholdRule = rule } } : config;
        config = parse.GetValue(Seed) is { } seed ? config with { Seed = seed } : config;
        config = parse.GetValue(Threads) is { } threads ? config with { Threads = threads } : config;
        config = parse.GetValue(Out) is { } output ? config with { Out = Path.GetFullPath(output) } : config;
        try
        {
            ExperimentConfigLoader.Validate(config, "command line");
        }
        catch (ExperimentConfigException e)
        {
            throw new UsageException(e.Message);
        }

        return config;
    }
}
