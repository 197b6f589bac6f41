using System.Text.Json.Nodes;
using MedVision.Classical.Persistence;
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

    internal JsonObject WriteState() => new()
    {
        ["scale"] = StateWriter.Numbers(Scale),
        ["offset"] = StateWriter.Numbers(Offset),
        ["data_min"] = StateWriter.Numbers(DataMin),
        ["data_max"] = StateWriter.Numbers(DataMax),
        ["min"] = StateWriter.Number(_options.Min),
        ["max"] = StateWriter.Number(_options.Max),
        ["clip"] = _options.Clip,
    };

    internal static FittedMinMaxScaler ReadState(StateReader r)
    {
        var scale = r.Doubles("scale");
        if (scale.Length == 0)
        {
            throw r.Error("scale", "expected at least one feature");
        }

        var options = new MinMaxScalerOptions { Min = r.Double("min"), Max = r.Double("max"), Clip = r.Bool("clip") };
        return new FittedMinMaxScaler(scale, r.Doubles("offset", scale.Length), r.Doubles("data_min", scale.Length), r.Doubles("data_max", scale.Length), options);
    }
}
