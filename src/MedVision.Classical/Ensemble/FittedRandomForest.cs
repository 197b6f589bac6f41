using System.Text.Json.Nodes;
using MedVision.Classical.Persistence;
using MedVision.Classical.Trees;

namespace MedVision.Classical.Ensemble;

/// <summary>A fitted <see cref="RandomForestClassifier"/>: the mean of its trees' leaf probabilities.</summary>
public sealed class FittedRandomForest : FittedClassifier
{
    private readonly Tree[] _trees;

    internal FittedRandomForest(int[] classes, int featureCount, Tree[] trees, double? oobScore, FeatureMatrix? oobProba)
        : base(classes, featureCount)
    {
        _trees = trees;
        OobScore = oobScore;
        OobDecisionFunction = oobProba;
    }

    /// <summary>Number of trees.</summary>
    public int TreeCount => _trees.Length;

    /// <summary>Out-of-bag accuracy (scikit-learn <c>oob_score_</c>); null unless asked for.</summary>
    public double? OobScore { get; }

    /// <summary>Out-of-bag class probabilities of each training row (NaN where no tree left it out); null unless asked for.</summary>
    public FeatureMatrix? OobDecisionFunction { get; }

    /// <inheritdoc/>
    protected override FeatureMatrix PredictProbaCore(FeatureMatrix x)
    {
        var rows = Tree.ToFloat(x);
        int p = x.Cols, k = ClassLabels.Length;
        var result = new FeatureMatrix(x.Rows, k);
        Parallel.For(0, x.Rows, i =>
        {
            var row = rows.AsSpan(i * p, p);
            var output = result.Row(i);
            foreach (var tree in _trees)
            {
                var leaf = tree.LeafValue(tree.Apply(row));
                for (var c = 0; c < k; c++)
                {
                    output[c] += leaf[c];
                }
            }

            for (var c = 0; c < k; c++)
            {
                output[c] /= _trees.Length;
            }
        });
        return result;
    }

    internal JsonObject WriteState()
    {
        var state = EstimatorState.ClassifierState(this);
        state["trees"] = new JsonArray([.. _trees.Select(t => (JsonNode)EstimatorState.WriteTree(t))]);
        return state;
    }

    internal static FittedRandomForest ReadState(StateReader r)
    {
        var classes = EstimatorState.ReadClasses(r);
        var p = EstimatorState.ReadFeatureCount(r);
        var trees = r.Objects("trees").Select(t => EstimatorState.ReadTree(t, p, classes.Length)).ToArray();
        if (trees.Length == 0)
        {
            throw r.Error("trees", "expected at least one tree");
        }

        return new FittedRandomForest(classes, p, trees, null, null);
    }
}
