namespace MedVision.Classical.Preprocessing;

/// <summary>A fitted <see cref="MinMaxScaler"/>: <c>x·Scale + Offset</c> (scikit-learn <c>scale_</c>, <c>min_</c>).</summary>
public sealed class FittedMinMaxScaler : IFittedTransformer
{
    private readonly MinMaxScalerOptions _options;

    internal FittedMinMaxScaler(double[] scale, double[] offset, double[] dataMin, double[] dataMax, MinMaxScalerOptions options)
    {
        Scale = scale;
        Offset = offset;
        DataMin = dataMin;
        DataMax = dataMax;
        _options = options;
    }

    /// <summary>Per-feature multiplier.</summary>
    public IReadOnlyList<double> Scale { get; }

    /// <summary>Per-feature additive term.</summary>
    public IReadOnlyList<double> Offset { get; }

    /// <summary>Training minimum of each feature.</summary>
    public IReadOnlyList<double> DataMin { get; }

    /// <summary>Training maximum of each feature.</summary>
    public IReadOnlyList<double> DataMax { get; }

    /// <inheritdoc/>
    public int FeatureCount => Scale.Count;

    /// <inheritdoc/>
    public int OutputCount => Scale.Count;

    /// <inheritdoc/>
    public FeatureMatrix Transform(FeatureMatrix x)
    {
        Check.Features(x, FeatureCount);
        var result = x.Clone();
        for (var i = 0; i < result.Rows; i++)
        {
            var row = result.Row(i);
            for (var j = 0; j < row.Length; j++)
            {
                var v = (row[j] * Scale[j]) + Offset[j];
                row[j] = _options.Clip ? Math.Clamp(v, _options.Min, _options.Max) : v;
            }
        }

        return result;
    }
}
