using System.Text.Json.Serialization;
using MedVision.Evaluation;

namespace MedVision.Pipeline.Results;

/// <summary>
/// The contents of <c>results.json</c> (docs/architecture.md, "Contracts"): snake_case keys; every metric an object
/// <c>{ value, ci_low, ci_high }</c>; top-level <c>dataset</c>, <c>protocol</c>, <c>leakage</c> and <c>models</c>.
/// </summary>
public sealed record ExperimentResults
{
    public required string MedvisionVersion { get; init; }

    public required DatasetSummary Dataset { get; init; }

    public required ProtocolSummary Protocol { get; init; }

    public required LeakageReport Leakage { get; init; }

    public required IReadOnlyList<ModelResult> Models { get; init; }

    /// <summary>Paired comparisons of every two models on the same cases.</summary>
    public required IReadOnlyList<ComparisonResult> Comparisons { get; init; }

    public required ReproducibilityRecord Reproducibility { get; init; }
}

/// <summary>What was read.</summary>
public sealed record DatasetSummary(
    string Name,
    string Source,
    IReadOnlyList<string> ClassNames,
    int Samples,
    int Groups,
    IReadOnlyDictionary<string, int[]> ClassCountsBySplit,
    string ContentSha256)
{
    /// <summary>Binary studies: the class the scores, metrics and threshold refer to (label 1); absent for three or more classes.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PositiveClass { get; init; }
}

/// <summary>How the data was split; <c>Kind</c> is the protocol that ran (<c>auto</c> resolved).</summary>
public sealed record ProtocolSummary(string Kind, int Folds, bool Grouped, double ValidationFraction, int Seed, string Description)
{
    /// <summary>Why this protocol was chosen: the data set's own split and its sizes, what it lacked for one, or the config.</summary>
    public string? Reason { get; init; }
}

/// <summary>One model's pooled out-of-fold evaluation.</summary>
public sealed record ModelResult
{
    public required string Name { get; init; }

    /// <summary><c>cnn</c> or <c>features</c>.</summary>
    public required string Kind { get; init; }

    private readonly BinaryMetricEstimates? _binary;

    /// <summary>
    /// Binary models: metrics over all test predictions pooled across folds, with bootstrap intervals. A K-class
    /// model has <see cref="MulticlassMetrics"/> instead, and reading this throws.
    /// </summary>
    [JsonIgnore]
    public BinaryMetricEstimates Metrics
    {
        get => _binary ?? throw new InvalidOperationException($"model {Name} is multi-class; its metrics are {nameof(MulticlassMetrics)}");
        init => _binary = value;
    }

    /// <summary>K-class models (K ≥ 3): the pooled multi-class metrics with bootstrap intervals; null for binary models.</summary>
    [JsonIgnore]
    public MulticlassMetricEstimates? MulticlassMetrics { get; init; }

    /// <summary>Whether the model tells three or more classes apart.</summary>
    [JsonIgnore]
    public bool IsMulticlass => MulticlassMetrics is not null;

    /// <summary>results.json's <c>metrics</c>: the binary or the multi-class estimates.</summary>
    [JsonPropertyName("metrics")]
    public object MetricsObject => (object?)_binary ?? MulticlassMetrics ?? throw new InvalidOperationException($"model {Name} has no metrics");

    /// <summary>Operating point at the target sensitivity, chosen on the test predictions (descriptive), when one was asked for and no <c>threshold_rule</c> is set.</summary>
    public OperatingPoint? OperatingPoint { get; init; }

    /// <summary>The thresholds chosen on each fold's validation predictions (<c>evaluation.threshold_rule</c>), or null.</summary>
    public Experiments.ValidationThreshold? ValidationThreshold { get; init; }

    /// <summary>An external test set's own view of a saved model (<c>evaluate</c>): calibration and its own threshold; null in experiments.</summary>
    public TransferCheck? Transfer { get; init; }

    public required IReadOnlyList<FoldResult> Folds { get; init; }

    /// <summary>Mean and standard deviation of the per-fold AUCs (seeds/000 style).</summary>
    public required double FoldAucMean { get; init; }

    public required double FoldAucStd { get; init; }

    public required double Brier { get; init; }

    public required double ExpectedCalibrationError { get; init; }

    public required double TrainSeconds { get; init; }

    /// <summary>Pooled held-out scores: one per case (binary), or K per case, row-major (<see cref="Models.ScoreColumns"/>).</summary>
    [JsonIgnore]
    public double[] Scores { get; init; } = [];

    [JsonIgnore]
    public CrossValidatedRoc? Roc { get; init; }

    [JsonIgnore]
    public IReadOnlyList<Training.TrainingHistory> Histories { get; init; } = [];
}

/// <summary>
/// How a saved model's probabilities and threshold carry over to an external test set: its calibration there (ECE,
/// Brier, logistic calibration slope and calibration-in-the-large intercept, <see cref="LogisticCalibration"/>) and
/// how far the set's own Youden threshold lies from the bundle's (<see cref="YoudenShift"/> = own − bundle's).
/// </summary>
public sealed record TransferCheck(double BundleThreshold, double ExpectedCalibrationError, double Brier, double CalibrationSlope,
    double CalibrationIntercept, double YoudenThreshold, double YoudenShift, IReadOnlyList<string> Warnings);

/// <summary>One fold of one model.</summary>
/// <param name="Fold">The fold, counting from 1 as the logs, the report and every written file do.</param>
/// <param name="TrainSamples">Images the fold's model learnt from (training and validation).</param>
/// <param name="TestSamples">The fold's test images.</param>
/// <param name="Auc">AUC on the fold's test images.</param>
/// <param name="Accuracy">Accuracy on them at the fold's threshold.</param>
/// <param name="BestEpoch">The epoch whose weights were kept, counting from 1 (null for models without epochs).</param>
/// <param name="Seconds">Training and prediction time.</param>
public sealed record FoldResult(int Fold, int TrainSamples, int TestSamples, double Auc, double Accuracy, int? BestEpoch, double Seconds);

/// <summary>
/// DeLong test of two models' AUCs on the same cases, and McNemar's test of their correct/incorrect decisions (at the
/// threshold; K classes: the arg-max class). DeLong is binary: for K-class models <paramref name="AucDifference"/> is the
/// difference of the macro AUCs, without interval or p-value (null).
/// </summary>
public sealed record ComparisonResult(string ModelA, string ModelB, double AucDifference, double CiLow, double CiHigh, double DelongP, double McnemarP);

/// <summary>What is needed to run the experiment again and get the same bytes.</summary>
/// <param name="Command">The command line the study was started with, as the process saw it.</param>
/// <param name="Seed">Seed of every random choice.</param>
/// <param name="Threads">Worker threads (the same seed and thread count give the same bytes).</param>
/// <param name="Runtime">.NET runtime.</param>
/// <param name="Os">Operating system.</param>
/// <param name="ConfigFile">The settings file written beside the results.</param>
public sealed record ReproducibilityRecord(string Command, int Seed, int Threads, string Runtime, string Os, string ConfigFile)
{
    /// <summary>
    /// A command that runs the study again from the repository root (<c>dotnet run --project src/MedVision.Cli …</c>)
    /// on the written config, seed and thread count, into a sibling folder so that its files can be compared with these;
    /// null where the study is not a config-driven experiment.
    /// </summary>
    public string? Rerun { get; init; }

    /// <summary>The <see cref="Rerun"/> command of a study run from <paramref name="config"/> with <paramref name="threads"/> threads.</summary>
    public static string RerunCommand(Experiments.ExperimentConfig config, int threads)
    {
        ArgumentNullException.ThrowIfNull(config);
        var output = Path.GetFullPath(config.Out);
        // Phantom studies (no data: setting) are what `demo` runs; `experiment` insists on data.
        var verb = config.Data is null ? "demo" : "experiment";
        return $"dotnet run --project src/MedVision.Cli -c Release -- {verb} --config {Quote(Path.Combine(output, "config.yaml"))} " +
            $"--threads {threads.ToString(System.Globalization.CultureInfo.InvariantCulture)} --out {Quote(output + "-rerun")}";
    }

    private static string Quote(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`' or '\\') ? "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : path;
}
