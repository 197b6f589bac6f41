using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using MedVision.Classical.Persistence;

namespace MedVision.Classical.Neighbors;

/// <summary>A fitted <see cref="KNeighborsClassifier"/>: keeps the training set and votes among the k nearest rows.</summary>
public sealed class FittedKNeighbors : FittedClassifier
{
    private readonly FeatureMatrix _x;
    private readonly int[] _encoded;
    private readonly KNeighborsOptions _options;

    internal FittedKNeighbors(int[] classes, FeatureMatrix x, int[] encoded, KNeighborsOptions options)
        : base(classes, x.Cols)
    {
        _x = x;
        _encoded = encoded;
        _options = options;
    }

    /// <summary>Indices (into the training set) and distances of the k nearest training rows of each row, nearest first.</summary>
    public (int[][] Indices, double[][] Distances) KNeighbors(FeatureMatrix x)
    {
        Check.Features(x, FeatureCount);
        var indices = new int[x.Rows][];
        var distances = new double[x.Rows][];
        Parallel.For(0, x.Rows, () => (new double[_x.Rows], new int[_x.Rows]), (i, _, buffers) =>
        {
            var (d, order) = buffers;
            var row = x.Row(i);
            for (var t = 0; t < _x.Rows; t++)
            {
                d[t] = TensorPrimitives.Distance<double>(row, _x.Row(t));
                order[t] = t;
            }

            // Stable order: by distance, then by training index.
            Array.Sort(order, (a, b) => d[a] != d[b] ? d[a].CompareTo(d[b]) : a.CompareTo(b));
            var k = _options.Neighbors;
            indices[i] = order[..k];
            distances[i] = order[..k].Select(t => d[t]).ToArray();
            return buffers;
        }, _ => { });
        return (indices, distances);
    }

    /// <inheritdoc/>
    protected override FeatureMatrix PredictProbaCore(FeatureMatrix x)
    {
        var (indices, distances) = KNeighbors(x);
        var result = new FeatureMatrix(x.Rows, ClassLabels.Length);
        for (var i = 0; i < x.Rows; i++)
        {
            var row = result.Row(i);
            var anyZero = distances[i].Any(v => v == 0);
            for (var t = 0; t < indices[i].Length; t++)
            {
                var w = _options.Weights == NeighborWeights.Uniform ? 1.0
                    : anyZero ? (distances[i][t] == 0 ? 1.0 : 0.0)
                    : 1.0 / distances[i][t];
                row[_encoded[indices[i][t]]] += w;
            }

            var total = TensorPrimitives.Sum<double>(row);
            TensorPrimitives.Divide(row, total, row);
        }

        return result;
    }

    internal JsonObject WriteState()
    {
        var state = EstimatorState.ClassifierState(this);
        state["x"] = StateWriter.Matrix(_x);
        state["encoded"] = StateWriter.Numbers(_encoded);
        state["neighbors"] = _options.Neighbors;
        state["weights"] = _options.Weights == NeighborWeights.Uniform ? "uniform" : "distance";
        return state;
    }

    internal static FittedKNeighbors ReadState(StateReader r)
    {
        var classes = EstimatorState.ReadClasses(r);
        var x = r.Matrix("x", cols: EstimatorState.ReadFeatureCount(r));
        var encoded = r.Ints("encoded", x.Rows, min: 0, max: classes.Length - 1);
        var weights = r.String("weights") switch
        {
            "uniform" => NeighborWeights.Uniform,
            "distance" => NeighborWeights.Distance,
            var other => throw r.Error("weights", $"expected uniform or distance, got '{other}'"),
        };
        var options = new KNeighborsOptions { Neighbors = r.Int("neighbors", min: 1, max: Math.Max(1, x.Rows)), Weights = weights };
        return new FittedKNeighbors(classes, x, encoded, options);
    }
}
