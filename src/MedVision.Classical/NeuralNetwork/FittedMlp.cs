using System.Text.Json.Nodes;
using MedVision.Classical.Persistence;
namespace MedVision.Classical.NeuralNetwork;

/// <summary>A fitted <see cref="MlpClassifier"/>.</summary>
public sealed class FittedMlp : FittedClassifier
{
    private readonly MlpClassifier.Network _network;

    internal FittedMlp(int[] classes, MlpClassifier.Network network, IReadOnlyList<double> lossCurve, double? bestValidationScore)
        : base(classes, network.FeatureCount)
    {
        _network = network;
        LossCurve = lossCurve;
        BestValidationScore = bestValidationScore;
    }

    /// <summary>Mean training loss of each epoch (scikit-learn <c>loss_curve_</c>); its length is the epochs run.</summary>
    public IReadOnlyList<double> LossCurve { get; }

    /// <summary>Best validation accuracy with early stopping, else null.</summary>
    public double? BestValidationScore { get; }

    /// <summary>The trained network.</summary>
    internal MlpClassifier.Network Network => _network;

    /// <inheritdoc/>
    protected override FeatureMatrix PredictProbaCore(FeatureMatrix x)
    {
        var output = _network.Forward(x, Enumerable.Range(0, x.Rows).ToArray())[^1];
        var k = ClassLabels.Length;
        var result = new FeatureMatrix(x.Rows, k);
        for (var i = 0; i < x.Rows; i++)
        {
            if (k == 2)
            {
                result[i, 0] = 1 - output[i];
                result[i, 1] = output[i];
            }
            else
            {
                output.AsSpan(i * k, k).CopyTo(result.Row(i));
            }
        }

        return result;
    }

    internal JsonObject WriteState()
    {
        var state = EstimatorState.ClassifierState(this);
        state["sizes"] = StateWriter.Numbers(_network.Sizes);
        state["weights"] = new JsonArray([.. _network.Weights.Select(w => (JsonNode)StateWriter.Numbers(w))]);
        state["biases"] = new JsonArray([.. _network.Biases.Select(b => (JsonNode)StateWriter.Numbers(b))]);
        state["loss_curve"] = StateWriter.Numbers(LossCurve);
        state["best_validation_score"] = BestValidationScore is { } s ? StateWriter.Number(s) : null;
        return state;
    }

    internal static FittedMlp ReadState(StateReader r)
    {
        var classes = EstimatorState.ReadClasses(r);
        var p = EstimatorState.ReadFeatureCount(r);
        var sizes = r.Ints("sizes", min: 1);
        var outputs = classes.Length == 2 ? 1 : classes.Length;
        if (sizes.Length < 2 || sizes[0] != p || sizes[^1] != outputs)
        {
            throw r.Error("sizes", $"expected [{p}, …, {outputs}] (features, hidden layers, outputs), got [{string.Join(", ", sizes)}]");
        }

        var layers = sizes.Length - 1;
        var weightRows = r.ObjectRowsOfNumbers("weights", layers, l => checked(sizes[l] * sizes[l + 1]));
        var biasRows = r.ObjectRowsOfNumbers("biases", layers, l => sizes[l + 1]);
        double? best = r.Has("best_validation_score") ? r.Double("best_validation_score") : null;
        return new FittedMlp(classes, new MlpClassifier.Network(sizes, weightRows, biasRows), r.Doubles("loss_curve"), best);
    }
}
