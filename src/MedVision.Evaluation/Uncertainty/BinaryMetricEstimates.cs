using System.Text.Json.Serialization;

namespace MedVision.Evaluation;

/// <summary>
/// Every metric of a binary classifier with its bootstrap interval: the <c>metrics</c> object of a model in
/// <c>results.json</c> (snake_case keys; each value a <c>{ value, ci_low, ci_high }</c> object).
/// Threshold metrics use predictions <c>score ≥ Threshold</c>.
/// </summary>
public sealed record BinaryMetricEstimates
{
    /// <summary>Names in the order of <see cref="All"/> (snake_case, as in <c>results.json</c>).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["auc", "average_precision", "accuracy", "sensitivity", "specificity", "precision", "npv", "f1", "mcc", "balanced_accuracy", "youden_j"];

    [JsonPropertyName("threshold")] public required double Threshold { get; init; }
    [JsonPropertyName("n")] public required int Count { get; init; }
    [JsonPropertyName("positives")] public required int Positives { get; init; }
    [JsonPropertyName("auc")] public required MetricEstimate Auc { get; init; }
    [JsonPropertyName("average_precision")] public required MetricEstimate AveragePrecision { get; init; }
    [JsonPropertyName("accuracy")] public required MetricEstimate Accuracy { get; init; }
    [JsonPropertyName("sensitivity")] public required MetricEstimate Sensitivity { get; init; }
    [JsonPropertyName("specificity")] public required MetricEstimate Specificity { get; init; }
    [JsonPropertyName("precision")] public required MetricEstimate Precision { get; init; }
    [JsonPropertyName("npv")] public required MetricEstimate Npv { get; init; }
    [JsonPropertyName("f1")] public required MetricEstimate F1 { get; init; }
    [JsonPropertyName("mcc")] public required MetricEstimate Mcc { get; init; }
    [JsonPropertyName("balanced_accuracy")] public required MetricEstimate BalancedAccuracy { get; init; }
    [JsonPropertyName("youden_j")] public required MetricEstimate YoudenJ { get; init; }

    /// <summary>The confusion matrix at <see cref="Threshold"/> on all cases.</summary>
    [JsonPropertyName("confusion_matrix")] public required ConfusionMatrix Matrix { get; init; }

    /// <summary>Interval method and resample count, e.g. "percentile, 1000 stratified resamples, seed 0"; "none" without bootstrap.</summary>
    [JsonPropertyName("interval")] public required string Interval { get; init; }

    [JsonPropertyName("warnings")] public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The estimates in the order of <see cref="Names"/>.</summary>
    [JsonIgnore]
    public IReadOnlyList<MetricEstimate> All => [Auc, AveragePrecision, Accuracy, Sensitivity, Specificity, Precision, Npv, F1, Mcc, BalancedAccuracy, YoudenJ];

    /// <summary>Point values only (no resampling), threshold 0.5 by default.</summary>
    public static BinaryMetricEstimates Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, double threshold = 0.5)
    {
        Check.Binary(labels, scores);
        var values = new double[Names.Count];
        Statistics(threshold)(labels, scores, values);
        var warnings = Warn(labels, scores, threshold);
        return Build(labels, scores, threshold, [.. values.Select(MetricEstimate.Point)], "none", warnings);
    }

    /// <summary>Every metric with a bootstrap interval (<see cref="Bootstrap.Run"/>).</summary>
    public static BinaryMetricEstimates Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, double threshold, BootstrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = Bootstrap.Run(labels, scores, Names.Count, Statistics(threshold), options);
        var warnings = Warn(labels, scores, threshold);
        warnings.AddRange(result.Warnings.Select(w => Bootstrap.NameWarning(w, Names)));
        var method = options.Method == BootstrapInterval.BCa ? "BCa" : "percentile";
        var how = $"{options.Confidence:0.##} {method}, {options.Resamples} {(options.Stratified ? "stratified " : "")}{(options.Groups is null ? "case" : "group")} resamples, seed {options.Seed}";
        return Build(labels, scores, threshold, [.. result.Estimates], how, warnings);
    }

    /// <summary>The statistics vector in the order of <see cref="Names"/>.</summary>
    internal static BinaryStatistics Statistics(double threshold) => (y, s, d) =>
    {
        d[0] = RocCurve.MannWhitney(y, s, null);
        var (positives, _) = Check.Count(y);
        d[1] = positives > 0 ? PrecisionRecallCurve.Compute(y, s).AveragePrecision : double.NaN;
        var m = ThresholdMetrics.FromMatrix(ConfusionMatrix.Count(y, s, threshold));
        d[2] = m.Accuracy;
        d[3] = m.Sensitivity;
        d[4] = m.Specificity;
        d[5] = m.Precision;
        d[6] = m.Npv;
        d[7] = m.F1;
        d[8] = m.Mcc;
        d[9] = m.BalancedAccuracy;
        d[10] = m.YoudenJ;
    };

    private static List<string> Warn(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, double threshold)
    {
        var warnings = new List<string>(RocCurve.Compute(labels, scores).Warnings);
        warnings.AddRange(ThresholdMetrics.Compute(labels, scores, threshold).Warnings);
        return warnings;
    }

    private static BinaryMetricEstimates Build(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, double threshold, MetricEstimate[] e, string interval, List<string> warnings) => new()
    {
        Threshold = threshold,
        Count = labels.Length,
        Positives = Check.Count(labels).Positives,
        Auc = e[0],
        AveragePrecision = e[1],
        Accuracy = e[2],
        Sensitivity = e[3],
        Specificity = e[4],
        Precision = e[5],
        Npv = e[6],
        F1 = e[7],
        Mcc = e[8],
        BalancedAccuracy = e[9],
        YoudenJ = e[10],
        Matrix = ConfusionMatrix.Count(labels, scores, threshold),
        Interval = interval,
        Warnings = [.. warnings.Distinct(StringComparer.Ordinal)],
    };
}
