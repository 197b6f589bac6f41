namespace MedVision.Classical;

/// <summary>Argument checks shared by every estimator's public edge.</summary>
internal static class Check
{
    /// <summary>Checks a feature matrix: non-empty, finite, and with <paramref name="expectedCols"/> columns when given.</summary>
    public static void Features(FeatureMatrix x, int expectedCols = -1, string name = "x")
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.Rows == 0)
        {
            throw new ArgumentException($"{name} must have at least one row, got 0", name);
        }

        if (x.Cols == 0)
        {
            throw new ArgumentException($"{name} must have at least one feature column, got 0", name);
        }

        if (expectedCols >= 0 && x.Cols != expectedCols)
        {
            throw new ArgumentException($"{name} must have {expectedCols} features (as at fit time), got {x.Cols}", name);
        }

        var values = x.Values;
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name} must be finite, got {values[i]} at row {i / x.Cols}, column {i % x.Cols}", name);
            }
        }
    }

    /// <summary>
    /// Checks a training set and encodes the labels: returns the ascending distinct classes and each sample's class
    /// index. Requires matching lengths and at least two classes.
    /// </summary>
    public static (int[] Classes, int[] Encoded) TrainingSet(FeatureMatrix x, int[] y)
    {
        Features(x);
        ArgumentNullException.ThrowIfNull(y);
        if (y.Length != x.Rows)
        {
            throw new ArgumentException($"y must have one label per row of x ({x.Rows}), got {y.Length}", nameof(y));
        }

        var classes = y.Distinct().Order().ToArray();
        if (classes.Length < 2)
        {
            throw new ArgumentException($"y must contain at least two classes, got only class {classes[0]}", nameof(y));
        }

        var encoded = new int[y.Length];
        for (var i = 0; i < y.Length; i++)
        {
            encoded[i] = Array.BinarySearch(classes, y[i]);
        }

        return (classes, encoded);
    }

    /// <summary>Throws unless <paramref name="value"/> is positive.</summary>
    public static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number > 0, got {value}");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> ≥ <paramref name="min"/>.</summary>
    public static void AtLeast(int value, int min, string name)
    {
        if (value < min)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be ≥ {min}, got {value}");
        }
    }
}
