namespace MedVision.Classical.Trees;

/// <summary>
/// A fitted binary tree in flat arrays (scikit-learn's <c>Tree</c>): internal nodes send a row left when
/// <c>(float)x[Feature] ≤ Threshold</c>; leaves hold <see cref="Outputs"/> values (class probabilities or a regression value).
/// </summary>
internal sealed class Tree
{
    public Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value, int outputs, int depth)
    {
        Feature = feature;
        Threshold = threshold;
        Left = left;
        Right = right;
        Value = value;
        Outputs = outputs;
        Depth = depth;
    }

    public int[] Feature { get; }

    public double[] Threshold { get; }

    /// <summary>Left child, −1 at leaves.</summary>
    public int[] Left { get; }

    public int[] Right { get; }

    /// <summary>Node values, (nodes, Outputs) row-major.</summary>
    public double[] Value { get; }

    public int Outputs { get; }

    public int Depth { get; }

    public int NodeCount => Feature.Length;

    /// <summary>The leaf reached by a row of a row-major float matrix.</summary>
    public int Apply(ReadOnlySpan<float> row)
    {
        var node = 0;
        while (Left[node] >= 0)
        {
            node = row[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
        }

        return node;
    }

    /// <summary>The leaf reached by row <paramref name="sample"/> of a column-major float matrix with <paramref name="rows"/> rows.</summary>
    public int ApplyColumnMajor(float[] columns, int rows, int sample)
    {
        var node = 0;
        while (Left[node] >= 0)
        {
            node = columns[(Feature[node] * rows) + sample] <= Threshold[node] ? Left[node] : Right[node];
        }

        return node;
    }

    public ReadOnlySpan<double> LeafValue(int node) => Value.AsSpan(node * Outputs, Outputs);

    /// <summary>Rows of <paramref name="x"/> as float32, as scikit-learn's trees see them.</summary>
    public static float[] ToFloat(FeatureMatrix x) => Array.ConvertAll(x.Values, v => (float)v);
}
