using System.Text.Json.Nodes;
using MedVision.Classical.Persistence;
using MedVision.Classical.Trees;

namespace MedVision.Classical.Ensemble;

/// <summary>A fitted <see cref="GradientBoostingClassifier"/>: prior raw score plus the shrunken leaf values of every stage.</summary>
public sealed class FittedGradientBoosting : FittedClassifier
{
    private readonly double[] _init;
    private readonly Tree[][] _stages;
    private readonly double _learningRate;

    internal FittedGradientBoosting(int[] classes, int featureCount, double[] init, Tree[][] stages, double learningRate)
        : base(classes, featureCount)
    {
        _init = init;
        _stages = stages;
        _learningRate = learningRate;
    }

    /// <summary>Number of boosting stages.</summary>
    public int StageCount => _stages.Length;

    /// <summary>Raw scores (n, 1) log-odds of <c>Classes[1]</c> for two classes, else (n, K) (scikit-learn <c>decision_function</c>).</summary>
    public FeatureMatrix DecisionFunction(FeatureMatrix x)
    {
        Check.Features(x, FeatureCount);
        var rows = Tree.ToFloat(x);
        int p = x.Cols, outputs = _init.Length;
        var raw = new FeatureMatrix(x.Rows, outputs);
        for (var i = 0; i < x.Rows; i++)
        {
            var row = rows.AsSpan(i * p, p);
            for (var c = 0; c < outputs; c++)
            {
                var sum = _init[c];
                foreach (var stage in _stages)
                {
                    sum += _learningRate * stage[c].Value[stage[c].Apply(row)];
                }

                raw[i, c] = sum;
            }
        }

        return raw;
    }

    /// <inheritdoc/>
    protected override FeatureMatrix PredictProbaCore(FeatureMatrix x)
    {
        var raw = DecisionFunction(x);
        var k = ClassLabels.Length;
        var result = new FeatureMatrix(x.Rows, k);
        if (k == 2)
        {
            for (var i = 0; i < x.Rows; i++)
            {
                var p1 = 1 / (1 + Math.Exp(-raw[i, 0]));
                result[i, 0] = 1 - p1;
                result[i, 1] = p1;
            }
        }
        else
        {
            GradientBoostingClassifier.Probabilities(raw.Values, x.Rows, k, result.Values);
        }

        return result;
    }

    internal JsonObject WriteState()
    {
        var state = EstimatorState.ClassifierState(this);
        state["init"] = StateWriter.Numbers(_init);
        state["learning_rate"] = StateWriter.Number(_learningRate);
        state["stages"] = new JsonArray([.. _stages.Select(s => (JsonNode)new JsonArray([.. s.Select(t => (JsonNode)EstimatorState.WriteTree(t))]))]);
        return state;
    }

    internal static FittedGradientBoosting ReadState(StateReader r)
    {
        var classes = EstimatorState.ReadClasses(r);
        var p = EstimatorState.ReadFeatureCount(r);
        var outputs = classes.Length == 2 ? 1 : classes.Length;
        var stages = r.ObjectRows("stages", rowLength: outputs)
            .Select(row => row.Select(t => EstimatorState.ReadTree(t, p, 1)).ToArray()).ToArray();
        return new FittedGradientBoosting(classes, p, r.Doubles("init", outputs), stages, r.Double("learning_rate"));
    }
}
