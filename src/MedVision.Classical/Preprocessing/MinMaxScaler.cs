namespace MedVision.Classical.Preprocessing;

/// <summary>
/// Maps each feature linearly so that its training minimum and maximum land on the ends of the range:
/// <c>x·scale + min</c> with <c>scale = (Max − Min) / (max − min)</c>, a data range of 0 treated as 1
/// (scikit-learn <c>MinMaxScaler</c>).
/// </summary>
public sealed class MinMaxScaler : ITransformer
{
    /// <summary>A scaler to [0, 1].</summary>
    public MinMaxScaler()
        : this(new MinMaxScalerOptions())
    {
    }

    /// <summary>A scaler with explicit options.</summary>
    public MinMaxScaler(MinMaxScalerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Min < options.Max))
        {
            throw new ArgumentException($"options.Min must be < options.Max, got [{options.Min}, {options.Max}]", nameof(options));
        }

        Options = options;
    }

    /// <summary>The configuration.</summary>
    public MinMaxScalerOptions Options { get; }

    /// <inheritdoc/>
    public IFittedTransformer Fit(FeatureMatrix x)
    {
        Check.Features(x);
        int p = x.Cols;
        var dataMin = x.Row(0).ToArray();
        var dataMax = x.Row(0).ToArray();
        for (var i = 1; i < x.Rows; i++)
        {
            var row = x.Row(i);
            for (var j = 0; j < p; j++)
            {
                dataMin[j] = Math.Min(dataMin[j], row[j]);
                dataMax[j] = Math.Max(dataMax[j], row[j]);
            }
        }

        var scale = new double[p];
        var offset = new double[p];
        for (var j = 0; j < p; j++)
        {
            var range = dataMax[j] - dataMin[j];
            scale[j] = (Options.Max - Options.Min) / (range < 10 * 2.220446049250313e-16 ? 1 : range);
            offset[j] = Options.Min - (dataMin[j] * scale[j]);
        }

        return new FittedMinMaxScaler(scale, offset, dataMin, dataMax, Options);
    }
}
