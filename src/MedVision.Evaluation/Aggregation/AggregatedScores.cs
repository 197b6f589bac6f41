namespace MedVision.Evaluation;

/// <summary>
/// Scores per unit after <see cref="Aggregation.Aggregate(IReadOnlyList{string}, ReadOnlySpan{double}, ReadOnlySpan{int}, AggregationMethod, double)"/>:
/// units in order of first appearance, their score, label (positive when any part is) and part count.
/// </summary>
public sealed record AggregatedScores(string[] Keys, double[] Scores, int[] Labels, int[] Counts, IReadOnlyList<string> Warnings);
