using System.Text.Json.Serialization;

namespace MedVision.Evaluation;

/// <summary>
/// Every metric of a K-class classifier (K ≥ 3) with its bootstrap interval: the <c>metrics</c> object of a multi-class
/// model in <c>results.json</c>. Inputs are class indices and an N × K matrix of class probabilities (row-major); the
/// decision is the arg-max class. The contract keys keep their binary names with macro meanings: <c>auc</c> is the
/// macro one-vs-rest AUC (scikit-learn <c>roc_auc_score(multi_class='ovr', average='macro')</c>), <c>sensitivity</c>,
/// <c>specificity</c>, <c>precision</c> and <c>f1</c> are unweighted means over the classes of the one-vs-rest values,
/// <c>balanced_accuracy</c> is the macro recall, <c>mcc</c> is the K-class Matthews coefficient
/// (<c>matthews_corrcoef</c>); <c>auc_micro</c>, <c>f1_weighted</c> (support-weighted) and <c>kappa</c> (Cohen's,
/// unweighted) come on top, and <see cref="PerClass"/> holds each class's one-vs-rest values.
/// Degenerate cases: a class absent from the labels has NaN AUC, sensitivity and (when it is never predicted either) F1,
/// so the macro values that average them are NaN too, each with a warning; a ratio with a zero denominator is NaN
/// (scikit-learn returns 0 with a warning).
/// </summary>
public sealed record MulticlassMetricEstimates
{
    /// <summary>
    /// The decision every multi-class metric counts: the class with the highest probability in row <paramref name="i"/>
    /// of an N × <paramref name="classes"/> matrix (first of tied maxima, as <c>numpy.argmax</c>).
    /// </summary>
    public static int PredictedClass(ReadOnlySpan<double> probabilities, int classes, int i)
    {
        var row = probabilities.Slice(i * classes, classes);
        var best = 0;
        for (var c = 1; c < classes; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return best;
    }

    /// <summary>Names of the summary metrics, in the order of the statistics vector (snake_case, as in <c>results.json</c>).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["auc", "auc_micro", "accuracy", "balanced_accuracy", "sensitivity", "specificity", "precision", "f1", "f1_weighted", "mcc", "kappa"];

    /// <summary>Names of each class's one-vs-rest metrics.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["auc", "precision", "sensitivity", "specificity", "f1"];

    /// <summary>How a class is decided: always <c>argmax</c> (the most probable class).</summary>
    [JsonPropertyName("decision")] public string Decision => "argmax";
    [JsonPropertyName("n")] public required int Count { get; init; }
    [JsonPropertyName("classes")] public required IReadOnlyList<string> Classes { get; init; }
    [JsonPropertyName("auc")] public required MetricEstimate Auc { get; init; }
    [JsonPropertyName("auc_micro")] public required MetricEstimate AucMicro { get; init; }
    [JsonPropertyName("accuracy")] public required MetricEstimate Accuracy { get; init; }
    [JsonPropertyName("balanced_accuracy")] public required MetricEstimate BalancedAccuracy { get; init; }
    [JsonPropertyName("sensitivity")] public required MetricEstimate Sensitivity { get; init; }
    [JsonPropertyName("specificity")] public required MetricEstimate Specificity { get; init; }
    [JsonPropertyName("precision")] public required MetricEstimate Precision { get; init; }
    [JsonPropertyName("f1")] public required MetricEstimate F1 { get; init; }
    [JsonPropertyName("f1_weighted")] public required MetricEstimate F1Weighted { get; init; }
    [JsonPropertyName("mcc")] public required MetricEstimate Mcc { get; init; }
    [JsonPropertyName("kappa")] public required MetricEstimate Kappa { get; init; }
    [JsonPropertyName("per_class")] public required IReadOnlyList<ClassMetricEstimates> PerClass { get; init; }

    /// <summary>The K × K confusion matrix of the arg-max decisions on all cases.</summary>
    [JsonPropertyName("confusion_matrix")] public required MulticlassConfusionMatrix Matrix { get; init; }

    /// <summary>Interval method and resample count; "none" without bootstrap.</summary>
    [JsonPropertyName("interval")] public required string Interval { get; init; }

    [JsonPropertyName("warnings")] public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The summary estimates in the order of <see cref="Names"/>.</summary>
    [JsonIgnore]
    public IReadOnlyList<MetricEstimate> All => [Auc, AucMicro, Accuracy, BalancedAccuracy, Sensitivity, Specificity, Precision, F1, F1Weighted, Mcc, Kappa];

    /// <summary>Point values only (no resampling).</summary>
    /// <param name="labels">Class index of each case, in [0, K).</param>
    /// <param name="probabilities">N × K class probabilities, row-major.</param>
    /// <param name="classes">The K class names (K ≥ 2).</param>
    public static MulticlassMetricEstimates Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, IReadOnlyList<string> classes)
    {
        var (y, p) = Validate(labels, probabilities, classes);
        var statistics = new MulticlassStatistics(y, p, classes.Count);
        var values = new double[statistics.Count];
        statistics.Compute([.. Enumerable.Range(0, y.Length)], values);
        return Build(y, p, classes, [.. values.Select(MetricEstimate.Point)], "none", []);
    }

    /// <summary>Every metric with a bootstrap interval (<see cref="Bootstrap.RunCases"/>, stratified by class by default).</summary>
    public static MulticlassMetricEstimates Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, IReadOnlyList<string> classes, BootstrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (y, p) = Validate(labels, probabilities, classes);
        var count = new MulticlassStatistics(y, p, classes.Count).Count;
        var result = Bootstrap.RunCases(y, count, () => new MulticlassStatistics(y, p, classes.Count).Compute, options);
        var names = SlotNames(classes);
        var method = options.Method == BootstrapInterval.BCa ? "BCa" : "percentile";
        var how = $"{options.Confidence:0.##} {method}, {options.Resamples} {(options.Stratified ? "stratified " : "")}{(options.Groups is null ? "case" : "group")} resamples, seed {options.Seed}";
        return Build(y, p, classes, [.. result.Estimates], how, [.. result.Warnings.Select(w => Bootstrap.NameWarning(w, names))]);
    }

    private static (int[] Labels, double[] Probabilities) Validate(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count < 2)
        {
            throw new ArgumentException($"classes must name at least 2 classes, got {classes.Count}", nameof(classes));
        }

        if (probabilities.Length != labels.Length * classes.Count)
        {
            throw new ArgumentException(
                $"probabilities must hold {classes.Count} values per case ({labels.Length} × {classes.Count} = {labels.Length * classes.Count}), got {probabilities.Length}", nameof(probabilities));
        }

        Check.Classes(labels, classes.Count);
        Check.Probabilities(probabilities, nameof(probabilities));
        return (labels.ToArray(), probabilities.ToArray());
    }

    /// <summary>Slot names for warnings: the summary names, then <c>per_class[name].metric</c>.</summary>
    private static List<string> SlotNames(IReadOnlyList<string> classes) =>
        [.. Names, .. classes.SelectMany(c => ClassNames.Select(m => $"per_class[{c}].{m}"))];

    private static MulticlassMetricEstimates Build(int[] y, double[] p, IReadOnlyList<string> classes, MetricEstimate[] e, string interval, List<string> bootstrapWarnings)
    {
        var k = classes.Count;
        var predictions = Enumerable.Range(0, y.Length).Select(i => PredictedClass(p, k, i)).ToArray();
        var matrix = MulticlassConfusionMatrix.FromPredictions(y, predictions, classes);
        var support = Enumerable.Range(0, k).Select(c => y.Count(l => l == c)).ToArray();
        var slots = ClassNames.Count;
        var perClass = Enumerable.Range(0, k).Select(c =>
        {
            var o = Names.Count + (c * slots);
            return new ClassMetricEstimates(classes[c], support[c], e[o], e[o + 1], e[o + 2], e[o + 3], e[o + 4]);
        }).ToList();
        var warnings = new List<string>();
        for (var c = 0; c < k; c++)
        {
            if (support[c] == 0)
            {
                warnings.Add($"class {classes[c]}: absent from the labels; its one-vs-rest AUC and sensitivity and the macro auc, sensitivity and balanced_accuracy are undefined (NaN)");
            }
            else if (support[c] == y.Length)
            {
                warnings.Add($"class {classes[c]}: the only class in the labels; one-vs-rest AUC and specificity undefined (NaN)");
            }

            if (!predictions.Contains(c))
            {
                warnings.Add($"class {classes[c]}: never predicted; its precision and the macro precision are undefined (NaN)");
            }
        }

        warnings.AddRange(bootstrapWarnings);
        return new MulticlassMetricEstimates
        {
            Count = y.Length,
            Classes = [.. classes],
            Auc = e[0],
            AucMicro = e[1],
            Accuracy = e[2],
            BalancedAccuracy = e[3],
            Sensitivity = e[4],
            Specificity = e[5],
            Precision = e[6],
            F1 = e[7],
            F1Weighted = e[8],
            Mcc = e[9],
            Kappa = e[10],
            PerClass = perClass,
            Matrix = matrix,
            Interval = interval,
            Warnings = [.. warnings.Distinct(StringComparer.Ordinal)],
        };
    }
}

/// <summary>One class's one-vs-rest metrics (the class against all others) with their intervals; <paramref name="Support"/> = its cases.</summary>
public sealed record ClassMetricEstimates(
    [property: JsonPropertyName("class")] string Class,
    [property: JsonPropertyName("support")] int Support,
    [property: JsonPropertyName("auc")] MetricEstimate Auc,
    [property: JsonPropertyName("precision")] MetricEstimate Precision,
    [property: JsonPropertyName("sensitivity")] MetricEstimate Sensitivity,
    [property: JsonPropertyName("specificity")] MetricEstimate Specificity,
    [property: JsonPropertyName("f1")] MetricEstimate F1);
