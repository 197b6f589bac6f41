using System.Text.Json.Serialization;

namespace MedVision.Evaluation;

/// <summary>Samples whose pixels are byte-identical (same SHA-256 of dimensions + pixel bytes).</summary>
public sealed record DuplicateSet(
    [property: JsonPropertyName("ids")] IReadOnlyList<string> Ids,
    [property: JsonPropertyName("splits")] IReadOnlyList<string> Splits,
    [property: JsonPropertyName("groups")] IReadOnlyList<string> Groups,
    [property: JsonPropertyName("crosses_splits")] bool CrossesSplits,
    [property: JsonPropertyName("sha256")] string Sha256)
{
    /// <summary>The label of each of <see cref="Ids"/>, in the same order.</summary>
    [JsonPropertyName("labels")] public IReadOnlyList<int> Labels { get; init; } = [];

    /// <summary>Whether the identical images carry different labels: one label is wrong, or these pixels cannot tell the classes apart.</summary>
    [JsonPropertyName("conflicting_labels")] public bool ConflictingLabels => Labels.Distinct().Skip(1).Any();
}

/// <summary>Two samples that are not identical but look the same (perceptual hash close, pixels correlated).</summary>
public sealed record NearDuplicatePair(
    [property: JsonPropertyName("id_a")] string IdA,
    [property: JsonPropertyName("id_b")] string IdB,
    [property: JsonPropertyName("hamming")] int Hamming,
    [property: JsonPropertyName("correlation")] double Correlation,
    [property: JsonPropertyName("crosses_splits")] bool CrossesSplits);

/// <summary>A group whose samples lie in more than one split.</summary>
public sealed record GroupAcrossSplits(
    [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("splits")] IReadOnlyList<string> Splits,
    [property: JsonPropertyName("samples")] int Samples);

/// <summary>Class counts of one split ("all" when the samples carry no split).</summary>
public sealed record SplitBalance(
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("samples")] int Samples,
    [property: JsonPropertyName("counts")] IReadOnlyDictionary<int, int> Counts);

/// <summary>
/// The leakage audit's findings: the <c>leakage</c> object of <c>results.json</c>. <see cref="Clean"/> is true when no
/// duplicate or group crosses splits. <see cref="MergedGroups"/> (not serialised) gives, per input sample, its group after
/// merging duplicates and near-duplicates with their groups (union-find), for the grouped splitters.
/// </summary>
public sealed record LeakageReport
{
    [JsonPropertyName("samples")] public required int Samples { get; init; }
    [JsonPropertyName("clean")] public required bool Clean { get; init; }
    [JsonPropertyName("exact_duplicate_sets")] public required IReadOnlyList<DuplicateSet> ExactDuplicates { get; init; }
    [JsonPropertyName("near_duplicate_pairs")] public required IReadOnlyList<NearDuplicatePair> NearDuplicates { get; init; }
    [JsonPropertyName("groups_across_splits")] public required IReadOnlyList<GroupAcrossSplits> GroupsAcrossSplits { get; init; }
    [JsonPropertyName("class_balance")] public required IReadOnlyList<SplitBalance> ClassBalance { get; init; }

    /// <summary>Duplicate sets and near-duplicate pairs that span two or more splits.</summary>
    [JsonPropertyName("duplicates_across_splits")] public required int DuplicatesAcrossSplits { get; init; }

    /// <summary>Sets of identical images whose labels differ (<see cref="DuplicateSet.ConflictingLabels"/>).</summary>
    [JsonPropertyName("conflicting_label_sets")] public int ConflictingLabelSets => ExactDuplicates.Count(d => d.ConflictingLabels);

    /// <summary>Number of groups after merging.</summary>
    [JsonPropertyName("merged_groups")] public required int MergedGroupCount { get; init; }

    /// <summary>How near-duplicates were searched, e.g. "pHash 64-bit, Hamming ≤ 10, Pearson ≥ 0.98".</summary>
    [JsonPropertyName("method")] public required string Method { get; init; }

    [JsonPropertyName("warnings")] public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Per input sample, its merged group.</summary>
    [JsonIgnore] public IReadOnlyList<string> MergedGroups { get; init; } = [];
}
