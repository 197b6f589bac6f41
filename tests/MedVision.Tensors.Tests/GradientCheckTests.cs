namespace MedVision.Tensors.Tests;

/// <summary>
/// Finite-difference checks of every primitive's backward rule: for L = Σ(op(x)·r) with a fixed random r, the
/// analytic dL/dx is compared with central differences (step 1e-2 in float32, tolerance 2% of the gradient scale).
/// </summary>
public sealed class GradientCheckTests
{
    private static readonly Dictionary<string, (int[][] Shapes, float Low, float High, Func<Tensor[], Tensor> Op)> Cases = new()
    {
        ["Add"] = ([[2, 3], [3]], -1, 1, t => Ops.Add(t[0], t[1])),
        ["Sub"] = ([[2, 3], [2, 1]], -1, 1, t => Ops.Sub(t[0], t[1])),
        ["Mul"] = ([[2, 1, 3], [4, 1]], -1, 1, t => Ops.Mul(t[0], t[1])),
        ["Div"] = ([[2, 3], [3]], 0.5f, 2, t => Ops.Div(t[0], t[1])),
        ["AddScalar"] = ([[5]], -1, 1, t => Ops.Add(t[0], 3f)),
        ["MulScalar"] = ([[5]], -1, 1, t => Ops.Mul(t[0], -2.5f)),
        ["Exp"] = ([[6]], -1, 1, t => Ops.Exp(t[0])),
        ["Log"] = ([[6]], 0.5f, 2, t => Ops.Log(t[0])),
        ["Sqrt"] = ([[6]], 0.5f, 2, t => Ops.Sqrt(t[0])),
        ["Pow"] = ([[6]], 0.5f, 2, t => Ops.Pow(t[0], 2.5f)),
        ["Square"] = ([[6]], -1, 1, t => Ops.Square(t[0])),
        ["Abs"] = ([[6]], 0.2f, 1, t => Ops.Abs(Ops.Mul(t[0], -1f))),
        ["Clamp"] = ([[8]], -1, 1, t => Ops.Clamp(t[0], -0.3f, 0.4f)),
        ["Relu"] = ([[8]], -1, 1, t => Ops.Relu(t[0])),
        ["LeakyRelu"] = ([[8]], -1, 1, t => Ops.LeakyRelu(t[0], 0.2f)),
        ["Elu"] = ([[8]], -1, 1, t => Ops.Elu(t[0])),
        ["Sigmoid"] = ([[8]], -2, 2, t => Ops.Sigmoid(t[0])),
        ["Tanh"] = ([[8]], -2, 2, t => Ops.Tanh(t[0])),
        ["Softmax"] = ([[2, 5]], -2, 2, t => Ops.Softmax(t[0], 1)),
        ["LogSoftmax"] = ([[3, 4]], -2, 2, t => Ops.LogSoftmax(t[0], 0)),
        ["Sum"] = ([[3, 4]], -1, 1, t => Ops.Sum(t[0])),
        ["SumDim"] = ([[3, 4, 2]], -1, 1, t => Ops.Sum(t[0], 1)),
        ["Mean"] = ([[3, 4]], -1, 1, t => Ops.Mean(t[0], 0, keepDim: true)),
        ["Reshape"] = ([[3, 4]], -1, 1, t => Ops.Square(Ops.Reshape(t[0], 2, -1))),
        ["Permute"] = ([[2, 3, 4]], -1, 1, t => Ops.Permute(t[0], 1, 2, 0)),
        ["Concat"] = ([[2, 3], [2, 2]], -1, 1, t => Ops.Concat([t[0], t[1]], 1)),
        ["Gather"] = ([[3, 4]], -1, 1, t => Ops.Gather(t[0], 1, Tensor.From([3f, 0f, 1f, 1f, 2f, 2f], 3, 2))),
        ["IndexSelect"] = ([[3, 4]], -1, 1, t => Ops.IndexSelect(t[0], 0, 2, 2, 0)),
        ["MatMul"] = ([[3, 4], [4, 2]], -1, 1, t => Ops.MatMul(t[0], t[1])),
        ["Linear"] = ([[3, 4], [2, 4], [2]], -1, 1, t => Ops.Linear(t[0], t[1], t[2])),
        ["Conv2d"] = ([[2, 4, 6, 5], [6, 2, 3, 2], [6]], -1, 1, t => Ops.Conv2d(t[0], t[1], t[2], stride: 2, padding: 1, dilation: 1, groups: 2)),
        ["MaxPool2d"] = ([[1, 2, 5, 5]], -1, 1, t => Ops.MaxPool2d(t[0], 3, 2, 1, ceilMode: true)),
        ["AvgPool2d"] = ([[1, 2, 5, 5]], -1, 1, t => Ops.AvgPool2d(t[0], 3, 2, 1, ceilMode: true, countIncludePad: false)),
        ["AdaptiveAvgPool2d"] = ([[1, 2, 5, 7]], -1, 1, t => Ops.AdaptiveAvgPool2d(t[0], 2, 3)),
        ["BatchNorm"] = ([[4, 3, 2], [3], [3]], -1, 1, t => Ops.BatchNorm(t[0], null, null, t[1], t[2])),
        ["BceWithLogits"] = ([[4, 3]], -3, 3, t => Ops.BinaryCrossEntropyWithLogits(
            t[0], Tensor.From([1f, 0f, 0.3f, 1f, 1f, 0f, 0f, 0.5f, 1f, 0f, 1f, 1f], 4, 3), posWeight: Tensor.From([2f, 0.5f, 1f], 3))),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void AnalyticGradient_MatchesCentralDifferences(string name)
    {
        var (shapes, low, high, op) = Cases[name];
        var g = new Generator((ulong)name.Length * 7919);
        var inputs = shapes.Select(s => SpacedUniform(g, low, high, s)).ToArray();
        foreach (var t in inputs)
        {
            t.RequiresGrad = true;
        }

        var probe = op(inputs);
        var r = Tensor.Uniform(g, -1f, 1f, probe.ShapeArray());
        Ops.Sum(Ops.Mul(op(inputs), r)).Backward();
        const float step = 1e-2f;
        for (var k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            var analytic = x.Grad!.ToArray();
            var scale = Math.Max(analytic.Max(Math.Abs), 1e-2f);
            for (var i = 0; i < x.Length; i++)
            {
                var saved = x.Data[i];
                x.Data[i] = saved + step;
                double up = Loss(op, inputs, r);
                x.Data[i] = saved - step;
                double down = Loss(op, inputs, r);
                x.Data[i] = saved;
                var numeric = (up - down) / (2 * step);
                Assert.True(
                    Math.Abs(numeric - analytic[i]) <= 0.02 * scale,
                    $"{name}: input {k} element {i}: analytic {analytic[i]}, numeric {numeric}");
            }
        }
    }

    private static float Loss(Func<Tensor[], Tensor> op, Tensor[] inputs, Tensor r)
    {
        using var noGrad = Autograd.GradMode.NoGrad();
        return Ops.Sum(Ops.Mul(op(inputs), r)).Item();
    }

    /// <summary>Uniform values at least 0.05 apart (after shuffling a grid), so that no max, clamp or ReLU kink lies within the step.</summary>
    private static Tensor SpacedUniform(Generator g, float low, float high, int[] shape)
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        var values = Enumerable.Range(0, n).Select(i => low + ((high - low) * (i + 0.5f) / n)).ToArray();
        g.Shuffle(values.AsSpan());
        for (var i = 0; i < n; i++)
        {
            if (Math.Abs(values[i]) < 0.05f || Math.Abs(values[i] + 0.3f) < 0.05f || Math.Abs(values[i] - 0.4f) < 0.05f)
            {
                values[i] += 0.1f;
            }
        }

        return Tensor.From(values, shape);
    }
}
