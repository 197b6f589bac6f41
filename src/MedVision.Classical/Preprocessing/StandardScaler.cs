namespace MedVision.Classical.Preprocessing;

/// <summary>
/// Standardises each feature: <c>z = (x − mean) / std</c> with the population standard deviation, a scale of 1 for
/// constant features (scikit-learn <c>StandardScaler</c>).
/// </summary>
public sealed class StandardScaler : ITransformer
{
    /// <summary>A scaler with the defaults (centre and scale).</summary>
    public StandardScaler()
        : this(new StandardScalerOptions())
    {
    }

    /// <summary>A scaler with explicit options.</summary>
    public StandardScaler(StandardScalerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The configuration.</summary>
    public StandardScalerOptions Options { get; }

    /// <inheritdoc/>
    public IFittedTransformer Fit(FeatureMatrix x) => FitScaler(x);

    /// <summary>Fits and returns the typed fitted scaler (means and scales).</summary>
    public FittedStandardScaler FitScaler(FeatureMatrix x)
    {
        Check.Features(x);
        int n = x.Rows, p = x.Cols;
        var mean = new double[p];
        var variance = new double[p];
        for (var i = 0; i < n; i++)
        {
            var row = x.Row(i);
            for (var j = 0; j < p; j++)
            {
                mean[j] += row[j];
            }
        }

        for (var j = 0; j < p; j++)
        {
            mean[j] /= n;
        }

        // Two-pass variance with the compensating term (Chan et al.), as numpy's var is exact to rounding.
        var correction = new double[p];
        for (var i = 0; i < n; i++)
        {
            var row = x.Row(i);
            for (var j = 0; j < p; j++)
            {
                var d = row[j] - mean[j];
                variance[j] += d * d;
                correction[j] += d;
            }
        }

        var scale = new double[p];
        for (var j = 0; j < p; j++)
        {
            variance[j] = (variance[j] - (correction[j] * correction[j] / n)) / n;
            var std = Math.Sqrt(variance[j]);
            scale[j] = std < 10 * 2.220446049250313e-16 ? 1 : std;
        }

        return new FittedStandardScaler(Options.WithMean ? mean : new double[p], Options.WithStd ? scale : Enumerable.Repeat(1.0, p).ToArray(), mean, variance);
    }
}
