using System.Text.Json.Serialization;

namespace MedVision.Evaluation;

/// <summary>
/// Counts of a K-class decision against the truth: <c>Counts[t][p]</c> cases of true class t predicted as p (rows truth,
/// columns prediction), as scikit-learn's <c>confusion_matrix(y, pred, labels=range(K))</c>.
/// </summary>
public sealed record MulticlassConfusionMatrix(
    [property: JsonPropertyName("classes")] IReadOnlyList<string> Classes,
    [property: JsonPropertyName("counts")] long[][] Counts)
{
    /// <summary>Counts of <paramref name="predictions"/> against <paramref name="labels"/>, both class indices in [0, K) for the K <paramref name="classes"/>.</summary>
    public static MulticlassConfusionMatrix FromPredictions(ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (labels.Length != predictions.Length)
        {
            throw new ArgumentException($"labels and predictions must have the same length, got {labels.Length} and {predictions.Length}", nameof(predictions));
        }

        Check.Classes(labels, classes.Count);
        Check.Classes(predictions, classes.Count, nameof(predictions));
        var counts = Enumerable.Range(0, classes.Count).Select(_ => new long[classes.Count]).ToArray();
        for (var i = 0; i < labels.Length; i++)
        {
            counts[labels[i]][predictions[i]]++;
        }

        return new MulticlassConfusionMatrix([.. classes], counts);
    }

    /// <summary>The counts as a K×K array.</summary>
    public long[,] ToArray()
    {
        var k = Counts.Length;
        var array = new long[k, k];
        for (var t = 0; t < k; t++)
        {
            for (var p = 0; p < k; p++)
            {
                array[t, p] = Counts[t][p];
            }
        }

        return array;
    }
}
