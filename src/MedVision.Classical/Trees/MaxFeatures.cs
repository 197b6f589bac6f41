namespace MedVision.Classical.Trees;

/// <summary>
/// How many features a tree node draws before taking the best split (scikit-learn <c>max_features</c>):
/// all, √p, log₂ p, a count, or a fraction of p (at least 1).
/// </summary>
public sealed record MaxFeatures
{
    private MaxFeatures(string kind, double value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>All p features (<c>None</c>).</summary>
    public static MaxFeatures All { get; } = new("all", 0);

    /// <summary>max(1, ⌊√p⌋) (<c>"sqrt"</c>).</summary>
    public static MaxFeatures Sqrt { get; } = new("sqrt", 0);

    /// <summary>max(1, ⌊log₂ p⌋) (<c>"log2"</c>).</summary>
    public static MaxFeatures Log2 { get; } = new("log2", 0);

    /// <summary>"all", "sqrt", "log2", "count" or "fraction".</summary>
    public string Kind { get; }

    /// <summary>The count or fraction.</summary>
    public double Value { get; }

    /// <summary>A fixed number of features ≥ 1.</summary>
    public static MaxFeatures Count(int count)
    {
        Check.AtLeast(count, 1, nameof(count));
        return new MaxFeatures("count", count);
    }

    /// <summary>A fraction of the features in (0, 1].</summary>
    public static MaxFeatures Fraction(double fraction)
    {
        if (!(fraction > 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"fraction must be in (0, 1], got {fraction}");
        }

        return new MaxFeatures("fraction", fraction);
    }

    internal int Resolve(int features) => Kind switch
    {
        "sqrt" => Math.Max(1, (int)Math.Sqrt(features)),
        "log2" => Math.Max(1, (int)Math.Log2(features)),
        "count" => Math.Min(features, (int)Value),
        "fraction" => Math.Max(1, (int)(Value * features)),
        _ => features,
    };

    /// <inheritdoc/>
    public override string ToString() => Kind is "count" or "fraction" ? $"{Kind}({Value})" : Kind;
}
