namespace MedVision.Classical.Trees;

/// <summary>
/// Depth-first CART growth as scikit-learn's <c>DepthFirstTreeBuilder</c> + <c>BestSplitter</c>: at each node,
/// features are drawn without replacement in a seeded random order until <c>MaxFeatures</c> non-constant ones have
/// been evaluated (features found constant in an ancestor are skipped and do not count); each is sorted over the
/// node's samples and every threshold between distinct values (gap &gt; 1e-7) respecting <c>MinSamplesLeaf</c> is
/// scored by the criterion's proxy improvement; the first best wins and the threshold is the midpoint. Inputs are
/// float32 as in scikit-learn. Samples carry weights (bootstrap counts, boosting masks); zero-weight samples are
/// left out, and leaf-size limits count samples, not weights.
/// </summary>
internal sealed class TreeBuilder
{
    private const float FeatureThreshold = 1e-7f;
    private const double Epsilon = 2.220446049250313e-16;

    private readonly float[] _columns;
    private readonly int _rows;
    private readonly int _features;
    private readonly TreeGrowth _growth;
    private readonly int[]? _classes;
    private readonly int _classCount;
    private readonly double[]? _targets;
    private readonly int _stats;

    // Per-build scratch.
    private readonly List<int> _feature = [];
    private readonly List<double> _threshold = [];
    private readonly List<int> _left = [];
    private readonly List<int> _right = [];
    private readonly List<double> _value = [];

    /// <summary>A classification builder: <paramref name="classes"/> are class indices 0..classCount−1.</summary>
    public TreeBuilder(float[] columns, int rows, TreeGrowth growth, int[] classes, int classCount)
        : this(columns, rows, growth, classCount)
    {
        _classes = classes;
        _classCount = classCount;
    }

    /// <summary>A regression builder on <paramref name="targets"/>.</summary>
    public TreeBuilder(float[] columns, int rows, TreeGrowth growth, double[] targets)
        : this(columns, rows, growth, 3)
    {
        _targets = targets;
    }

    private TreeBuilder(float[] columns, int rows, TreeGrowth growth, int stats)
    {
        _columns = columns;
        _rows = rows;
        _features = columns.Length / Math.Max(1, rows);
        _growth = growth;
        _stats = stats;
    }

    /// <summary>Column-major float32 copy of <paramref name="x"/>: (p, n).</summary>
    public static float[] ToColumns(FeatureMatrix x)
    {
        int n = x.Rows, p = x.Cols;
        var columns = new float[n * p];
        for (var i = 0; i < n; i++)
        {
            var row = x.Row(i);
            for (var j = 0; j < p; j++)
            {
                columns[(j * n) + i] = (float)row[j];
            }
        }

        return columns;
    }

    /// <summary>Grows one tree on the samples with non-zero weight (null weights: all 1).</summary>
    public Tree Build(double[]? weights, Random random)
    {
        _feature.Clear();
        _threshold.Clear();
        _left.Clear();
        _right.Clear();
        _value.Clear();
        var samples = Enumerable.Range(0, _rows).Where(i => weights is null || weights[i] != 0).ToArray();
        var w = weights ?? Enumerable.Repeat(1.0, _rows).ToArray();
        var features = Enumerable.Range(0, _features).ToArray();
        var constantFeatures = new int[_features];
        var scratch = new Scratch(samples.Length, _stats);
        var maxDepthReached = 0;

        // Stack of (start, end, depth, parent, isLeft, constant features known).
        var stack = new Stack<(int Start, int End, int Depth, int Parent, bool IsLeft, int Constants)>();
        stack.Push((0, samples.Length, 0, -1, false, 0));
        while (stack.Count > 0)
        {
            var (start, end, depth, parent, isLeft, knownConstants) = stack.Pop();
            var node = AddNode(parent, isLeft);
            maxDepthReached = Math.Max(maxDepthReached, depth);
            var nodeStats = new double[_stats];
            var weighted = 0.0;
            for (var t = start; t < end; t++)
            {
                Add(nodeStats, samples[t], w[samples[t]]);
                weighted += w[samples[t]];
            }

            SetValue(node, nodeStats, weighted);
            var count = end - start;
            var isLeaf = (_growth.MaxDepth is { } maxDepth && depth >= maxDepth)
                || count < _growth.MinSamplesSplit
                || count < 2 * _growth.MinSamplesLeaf
                || Impurity(nodeStats, weighted) <= Epsilon;
            if (!isLeaf)
            {
                var (found, feature, threshold, position, constants) = Split(samples, start, end, w, nodeStats, weighted, features, constantFeatures, knownConstants, random, scratch);
                if (found)
                {
                    _feature[node] = feature;
                    _threshold[node] = threshold;
                    stack.Push((position, end, depth + 1, node, false, constants));
                    stack.Push((start, position, depth + 1, node, true, constants));
                }
            }
        }

        return new Tree([.. _feature], [.. _threshold], [.. _left], [.. _right], [.. _value], _classes is null ? 1 : _classCount, maxDepthReached);
    }

    private int AddNode(int parent, bool isLeft)
    {
        var node = _feature.Count;
        _feature.Add(-2);
        _threshold.Add(-2);
        _left.Add(-1);
        _right.Add(-1);
        for (var k = 0; k < (_classes is null ? 1 : _classCount); k++)
        {
            _value.Add(0);
        }

        if (parent >= 0)
        {
            if (isLeft)
            {
                _left[parent] = node;
            }
            else
            {
                _right[parent] = node;
            }
        }

        return node;
    }

    private void SetValue(int node, double[] stats, double weighted)
    {
        if (_classes is null)
        {
            _value[node] = stats[1] / weighted;
            return;
        }

        for (var k = 0; k < _classCount; k++)
        {
            _value[(node * _classCount) + k] = stats[k] / weighted;
        }
    }

    private void Add(Span<double> stats, int sample, double weight)
    {
        if (_classes is not null)
        {
            stats[_classes[sample]] += weight;
        }
        else
        {
            var y = _targets![sample];
            stats[0] += weight;
            stats[1] += weight * y;
            stats[2] += weight * y * y;
        }
    }

    private double Impurity(ReadOnlySpan<double> stats, double weighted)
    {
        switch (_growth.Criterion)
        {
            case SplitCriterion.FriedmanMse:
                var mean = stats[1] / weighted;
                return (stats[2] / weighted) - (mean * mean);
            case SplitCriterion.Entropy:
                var entropy = 0.0;
                for (var k = 0; k < _classCount; k++)
                {
                    if (stats[k] > 0)
                    {
                        var p = stats[k] / weighted;
                        entropy -= p * Math.Log2(p);
                    }
                }

                return entropy;
            default:
                var sq = 0.0;
                for (var k = 0; k < _classCount; k++)
                {
                    sq += stats[k] * stats[k];
                }

                return 1.0 - (sq / (weighted * weighted));
        }
    }

    // scikit-learn's proxy_impurity_improvement: larger is better, same argmax as the impurity decrease.
    private double Proxy(ReadOnlySpan<double> left, double wl, ReadOnlySpan<double> node, double wn)
    {
        var wr = wn - wl;
        switch (_growth.Criterion)
        {
            case SplitCriterion.FriedmanMse:
                var diff = (wr * left[1]) - (wl * (node[1] - left[1]));
                return diff * diff / (wl * wr);
            case SplitCriterion.Entropy:
                double el = 0, er = 0;
                for (var k = 0; k < _classCount; k++)
                {
                    var cl = left[k];
                    var cr = node[k] - cl;
                    if (cl > 0)
                    {
                        el -= cl / wl * Math.Log2(cl / wl);
                    }

                    if (cr > 0)
                    {
                        er -= cr / wr * Math.Log2(cr / wr);
                    }
                }

                return (-wr * er) - (wl * el);
            default:
                double sl = 0, sr = 0;
                for (var k = 0; k < _classCount; k++)
                {
                    var cl = left[k];
                    var cr = node[k] - cl;
                    sl += cl * cl;
                    sr += cr * cr;
                }

                return (sl / wl) + (sr / wr);
        }
    }

    private (bool Found, int Feature, double Threshold, int Position, int Constants) Split(
        int[] samples, int start, int end, double[] w, double[] nodeStats, double weighted,
        int[] features, int[] constantFeatures, int knownConstants, Random random, Scratch scratch)
    {
        var minLeaf = _growth.MinSamplesLeaf;
        var count = end - start;
        var xf = scratch.Values.AsSpan(0, count);
        var order = scratch.Order.AsSpan(0, count);
        var left = scratch.Left;
        var bestProxy = double.NegativeInfinity;
        int bestFeature = -1, bestPosition = -1;
        double bestThreshold = 0;

        int visited = 0, foundConstants = 0, drawnConstants = 0, totalConstants = knownConstants;
        var fi = _features;
        while (fi > totalConstants && (visited < _growth.MaxFeatures || visited <= foundConstants + drawnConstants))
        {
            visited++;
            var fj = random.Next(drawnConstants, fi - foundConstants);
            if (fj < knownConstants)
            {
                (features[drawnConstants], features[fj]) = (features[fj], features[drawnConstants]);
                drawnConstants++;
                continue;
            }

            fj += foundConstants;
            var current = features[fj];
            var column = _columns.AsSpan(current * _rows, _rows);
            // Sort (value, sample) pairs packed in one long: an order-preserving integer image of the float in the
            // high half, the sample index in the low half; one-array sorting is about twice as fast as key/item pairs.
            var keys = scratch.Keys.AsSpan(0, count);
            for (var t = 0; t < count; t++)
            {
                var s = samples[start + t];
                var bits = BitConverter.SingleToInt32Bits(column[s]);
                keys[t] = ((long)(bits ^ ((bits >> 31) & 0x7FFFFFFF)) << 32) | (uint)s;
            }

            keys.Sort();
            for (var t = 0; t < count; t++)
            {
                var s = (int)(keys[t] & 0xFFFFFFFF);
                order[t] = s;
                xf[t] = column[s];
            }
            if (xf[count - 1] <= xf[0] + FeatureThreshold)
            {
                (features[fj], features[totalConstants]) = (features[totalConstants], features[fj]);
                foundConstants++;
                totalConstants++;
                continue;
            }

            fi--;
            (features[fi], features[fj]) = (features[fj], features[fi]);
            Array.Clear(left);
            var wl = 0.0;
            var next = 0;
            var p = 0;
            while (p < count)
            {
                while (p + 1 < count && xf[p + 1] <= xf[p] + FeatureThreshold)
                {
                    p++;
                }

                p++;
                if (p >= count)
                {
                    break;
                }

                if (p < minLeaf || count - p < minLeaf)
                {
                    continue;
                }

                if (_classes is not null)
                {
                    for (; next < p; next++)
                    {
                        var s = order[next];
                        left[_classes[s]] += w[s];
                        wl += w[s];
                    }
                }
                else
                {
                    for (; next < p; next++)
                    {
                        var s = order[next];
                        Add(left, s, w[s]);
                        wl += w[s];
                    }
                }

                var proxy = Proxy(left, wl, nodeStats, weighted);
                if (proxy > bestProxy)
                {
                    bestProxy = proxy;
                    bestFeature = current;
                    bestPosition = p;
                    bestThreshold = (xf[p - 1] / 2.0) + (xf[p] / 2.0);
                    if (bestThreshold == xf[p] || double.IsInfinity(bestThreshold))
                    {
                        bestThreshold = xf[p - 1];
                    }
                }
            }
        }

        // Features found constant here stay at the front for the children (scikit-learn's constant_features).
        Array.Copy(constantFeatures, 0, features, 0, knownConstants);
        Array.Copy(features, knownConstants, constantFeatures, knownConstants, foundConstants);
        if (bestFeature < 0)
        {
            return (false, -1, 0, 0, totalConstants);
        }

        // Partition the node's samples: x ≤ threshold first.
        var bestColumn = _columns.AsSpan(bestFeature * _rows, _rows);
        int lo = start, hi = end;
        while (lo < hi)
        {
            if (bestColumn[samples[lo]] <= bestThreshold)
            {
                lo++;
            }
            else
            {
                hi--;
                (samples[lo], samples[hi]) = (samples[hi], samples[lo]);
            }
        }

        return (true, bestFeature, bestThreshold, lo, totalConstants);
    }

    private sealed class Scratch(int samples, int stats)
    {
        public float[] Values { get; } = new float[samples];

        public int[] Order { get; } = new int[samples];

        public long[] Keys { get; } = new long[samples];

        public double[] Left { get; } = new double[stats];
    }
}
