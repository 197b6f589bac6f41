namespace MedVision.Evaluation;

/// <summary>Patch → ROI → patient aggregation: the parts of each key are combined into one score per key.</summary>
public static class Aggregation
{
    /// <summary>
    /// Combines the <paramref name="scores"/> of parts that share a key in <paramref name="keys"/> by
    /// <paramref name="method"/> (default majority vote at <paramref name="threshold"/> 0.5). A unit's label is
    /// positive when any of its parts is; parts that disagree are reported in the warnings.
    /// Apply twice for patch → ROI → patient.
    /// </summary>
    public static AggregatedScores Aggregate(IReadOnlyList<string> keys, ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, AggregationMethod method = AggregationMethod.MajorityVote, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Check.Binary(labels, scores);
        if (keys.Count != scores.Length)
        {
            throw new ArgumentException($"keys must have one entry per score ({scores.Length}), got {keys.Count}", nameof(keys));
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        var sum = new List<double>();
        var max = new List<double>();
        var votes = new List<int>();
        var counts = new List<int>();
        var positives = new List<int>();
        for (var i = 0; i < keys.Count; i++)
        {
            if (!index.TryGetValue(keys[i], out var u))
            {
                u = order.Count;
                index.Add(keys[i], u);
                order.Add(keys[i]);
                sum.Add(0);
                max.Add(double.NegativeInfinity);
                votes.Add(0);
                counts.Add(0);
                positives.Add(0);
            }

            sum[u] += scores[i];
            max[u] = Math.Max(max[u], scores[i]);
            votes[u] += scores[i] >= threshold ? 1 : 0;
            counts[u]++;
            positives[u] += labels[i];
        }

        var warnings = new List<string>();
        var mixed = Enumerable.Range(0, order.Count).Where(u => positives[u] > 0 && positives[u] < counts[u]).Select(u => order[u]).ToList();
        if (mixed.Count > 0)
        {
            warnings.Add($"aggregation: {mixed.Count} unit(s) have parts with both labels (labelled positive): {string.Join(", ", mixed.Take(5))}{(mixed.Count > 5 ? ", …" : "")}");
        }

        var result = new double[order.Count];
        for (var u = 0; u < order.Count; u++)
        {
            result[u] = method switch
            {
                AggregationMethod.Mean => sum[u] / counts[u],
                AggregationMethod.Max => max[u],
                _ => (double)votes[u] / counts[u],
            };
        }

        return new AggregatedScores([.. order], result, [.. positives.Select(p => p > 0 ? 1 : 0)], [.. counts], warnings);
    }
}
