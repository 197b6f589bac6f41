namespace MedVision.Evaluation;

/// <summary>Argument checks shared by the public entry points; messages name the argument, the expectation and the value.</summary>
internal static class Check
{
    /// <summary>Labels must be 0 or 1 and as many as the scores; scores must not be NaN.</summary>
    public static void Binary(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, string labelsName = "labels", string scoresName = "scores")
    {
        if (labels.Length != scores.Length)
        {
            throw new ArgumentException(
                $"{labelsName} and {scoresName} must have the same length, got {labels.Length} and {scores.Length}", scoresName);
        }

        Labels(labels, labelsName);
        for (var i = 0; i < scores.Length; i++)
        {
            if (double.IsNaN(scores[i]))
            {
                throw new ArgumentException($"{scoresName}[{i}] is NaN; scores must be numbers", scoresName);
            }
        }
    }

    public static void Labels(ReadOnlySpan<int> labels, string name = "labels")
    {
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] is not (0 or 1))
            {
                throw new ArgumentException($"{name}[{i}] must be 0 or 1, got {labels[i]}", name);
            }
        }
    }

    /// <summary>Class indices must lie in [0, <paramref name="classes"/>).</summary>
    public static void Classes(ReadOnlySpan<int> labels, int classes, string name = "labels")
    {
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || labels[i] >= classes)
            {
                throw new ArgumentException($"{name}[{i}] must be a class index in [0, {classes}), got {labels[i]}", name);
            }
        }
    }

    public static void Probabilities(ReadOnlySpan<double> probabilities, string name)
    {
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (!(probabilities[i] >= 0.0 && probabilities[i] <= 1.0))
            {
                throw new ArgumentException($"{name}[{i}] must be a probability in [0, 1], got {probabilities[i]}", name);
            }
        }
    }

    public static void Fraction(double value, string name, bool inclusive = false)
    {
        var ok = inclusive ? value is >= 0.0 and <= 1.0 : value is > 0.0 and < 1.0;
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, inclusive ? $"{name} must be in [0, 1], got {value}" : $"{name} must be in (0, 1), got {value}");
        }
    }

    public static (int Positives, int Negatives) Count(ReadOnlySpan<int> labels)
    {
        var positives = 0;
        foreach (var y in labels)
        {
            positives += y;
        }

        return (positives, labels.Length - positives);
    }
}
