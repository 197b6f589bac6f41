using System.Text.Json.Nodes;
using MedVision.Classical.Persistence;
namespace MedVision.Classical.Trees;

/// <summary>A fitted <see cref="DecisionTreeClassifier"/>.</summary>
public sealed class FittedDecisionTree : FittedClassifier
{
    private readonly Tree _tree;

    internal FittedDecisionTree(int[] classes, int featureCount, Tree tree)
        : base(classes, featureCount)
    {
        _tree = tree;
    }

    /// <summary>Number of nodes (scikit-learn <c>tree_.node_count</c>).</summary>
    public int NodeCount => _tree.NodeCount;

    /// <summary>Depth of the deepest leaf (scikit-learn <c>get_depth()</c>).</summary>
    public int Depth => _tree.Depth;

    /// <inheritdoc/>
    protected override FeatureMatrix PredictProbaCore(FeatureMatrix x)
    {
        var rows = Tree.ToFloat(x);
        var result = new FeatureMatrix(x.Rows, ClassLabels.Length);
        for (var i = 0; i < x.Rows; i++)
        {
            _tree.LeafValue(_tree.Apply(rows.AsSpan(i * x.Cols, x.Cols))).CopyTo(result.Row(i));
        }

        return result;
    }

    internal JsonObject WriteState()
    {
        var state = EstimatorState.ClassifierState(this);
        state["tree"] = EstimatorState.WriteTree(_tree);
        return state;
    }

    internal static FittedDecisionTree ReadState(StateReader r)
    {
        var classes = EstimatorState.ReadClasses(r);
        var p = EstimatorState.ReadFeatureCount(r);
        return new FittedDecisionTree(classes, p, EstimatorState.ReadTree(r.Object("tree"), p, classes.Length));
    }
}
