using System.Text.Json.Nodes;
using MedVision.Classical.Persistence;
namespace MedVision.Classical.Preprocessing;

/// <summary>A fitted <see cref="StandardScaler"/>: subtracts <see cref="Offset"/> and divides by <see cref="Scale"/>.</summary>
public sealed class FittedStandardScaler : IFittedTransformer
{
    internal FittedStandardScaler(double[] offset, double[] scale, double[] mean, double[] variance)
    {
        Offset = offset;
        Scale = scale;
        Mean = mean;
        Variance = variance;
    }

    /// <summary>What is subtracted: the training mean, or zeros when <c>WithMean</c> is off.</summary>
    public IReadOnlyList<double> Offset { get; }

    /// <summary>What is divided by (scikit-learn <c>scale_</c>): the standard deviation, 1 for constant features.</summary>
    public IReadOnlyList<double> Scale { get; }

    /// <summary>The training mean of each feature (scikit-learn <c>mean_</c>).</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>The training population variance of each feature (scikit-learn <c>var_</c>).</summary>
    public IReadOnlyList<double> Variance { get; }

    /// <inheritdoc/>
    public int FeatureCount => Mean.Count;

    /// <inheritdoc/>
    public int OutputCount => Mean.Count;

    /// <inheritdoc/>
    public FeatureMatrix Transform(FeatureMatrix x)
    {
        Check.Features(x, FeatureCount);
        var result = x.Clone();
        var p = FeatureCount;
        for (var i = 0; i < result.Rows; i++)
        {
            var row = result.Row(i);
            for (var j = 0; j < p; j++)
            {
                row[j] = (row[j] - Offset[j]) / Scale[j];
            }
        }

        return result;
    }

    internal JsonObject WriteState() => new()
    {
        ["offset"] = StateWriter.Numbers(Offset),
        ["scale"] = StateWriter.Numbers(Scale),
        ["mean"] = StateWriter.Numbers(Mean),
        ["variance"] = StateWriter.Numbers(Variance),
    };

    internal static FittedStandardScaler ReadState(StateReader r)
    {
        var mean = r.Doubles("mean");
        if (mean.Length == 0)
        {
            throw r.Error("mean", "expected at least one feature");
        }

        return new FittedStandardScaler(r.Doubles("offset", mean.Length), r.Doubles("scale", mean.Length), mean, r.Doubles("variance", mean.Length));
    }
}
