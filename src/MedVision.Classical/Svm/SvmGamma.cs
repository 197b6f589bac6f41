namespace MedVision.Classical.Svm;

/// <summary>
/// The kernel coefficient γ as scikit-learn's <c>SVC(gamma=...)</c>: <see cref="Scale"/> is
/// <c>1 / (n_features · X.var())</c> over all training values (1 when that variance is 0), <see cref="Auto"/> is
/// <c>1 / n_features</c>, or a fixed positive value.
/// </summary>
public sealed record SvmGamma
{
    private SvmGamma(string kind, double value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary><c>gamma="scale"</c> (scikit-learn's default).</summary>
    public static SvmGamma Scale { get; } = new("scale", double.NaN);

    /// <summary><c>gamma="auto"</c>.</summary>
    public static SvmGamma Auto { get; } = new("auto", double.NaN);

    /// <summary>"scale", "auto" or "value".</summary>
    public string Kind { get; }

    /// <summary>The fixed value when <see cref="Kind"/> is "value".</summary>
    public double Value { get; }

    /// <summary>A fixed γ &gt; 0.</summary>
    public static SvmGamma Of(double value)
    {
        Check.Positive(value, nameof(value));
        return new SvmGamma("value", value);
    }

    /// <summary>γ for the training matrix <paramref name="x"/>.</summary>
    internal double Resolve(FeatureMatrix x)
    {
        switch (Kind)
        {
            case "auto":
                return 1.0 / x.Cols;
            case "scale":
                var values = x.Values;
                var mean = 0.0;
                foreach (var v in values)
                {
                    mean += v;
                }

                mean /= values.Length;
                var variance = 0.0;
                foreach (var v in values)
                {
                    variance += (v - mean) * (v - mean);
                }

                variance /= values.Length;
                return variance == 0 ? 1.0 : 1.0 / (x.Cols * variance);
            default:
                return Value;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Kind == "value" ? Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : Kind;
}
