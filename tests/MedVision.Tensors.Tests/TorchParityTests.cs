using MedVision.Testing;

namespace MedVision.Tensors.Tests;

/// <summary>
/// Every op's forward value and the gradients of Σ(out·dy) against PyTorch (tests/fixtures/scripts/tensors_ops.py),
/// within 1e-4 relative.
/// </summary>
public sealed class TorchParityTests
{
    private static readonly Dictionary<string, (string[] Inputs, Func<Dictionary<string, Tensor>, Tensor> Op)> Cases = new()
    {
        ["add"] = (["a", "b"], t => Ops.Add(t["a"], t["b"])),
        ["sub"] = (["a", "b"], t => t["a"] - t["b"]),
        ["mul"] = (["a", "b"], t => t["a"] * t["b"]),
        ["div"] = (["a", "b"], t => t["a"] / t["b"]),
        ["mul_rank"] = (["a", "b"], t => Ops.Mul(t["a"], t["b"])),
        ["exp"] = (["x"], t => Ops.Exp(t["x"])),
        ["log"] = (["x"], t => Ops.Log(t["x"])),
        ["sqrt"] = (["x"], t => Ops.Sqrt(t["x"])),
        ["pow3"] = (["x"], t => Ops.Pow(t["x"], 3f)),
        ["powhalf"] = (["x"], t => Ops.Pow(t["x"], 0.5f)),
        ["square"] = (["x"], t => Ops.Square(t["x"])),
        ["abs"] = (["x"], t => Ops.Abs(t["x"])),
        ["clamp"] = (["x"], t => Ops.Clamp(t["x"], -0.5f, 0.7f)),
        ["relu"] = (["x"], t => Ops.Relu(t["x"])),
        ["leaky_relu"] = (["x"], t => Ops.LeakyRelu(t["x"], 0.1f)),
        ["elu"] = (["x"], t => Ops.Elu(t["x"], 1.5f)),
        ["sigmoid"] = (["x"], t => Ops.Sigmoid(t["x"])),
        ["tanh"] = (["x"], t => Ops.Tanh(t["x"])),
        ["softmax"] = (["x"], t => Ops.Softmax(t["x"], 1)),
        ["log_softmax"] = (["x"], t => Ops.LogSoftmax(t["x"], -1)),
        ["sum_all"] = (["x"], t => Ops.Sum(t["x"])),
        ["mean_all"] = (["x"], t => Ops.Mean(t["x"])),
        ["sum_dim1_keep"] = (["x"], t => Ops.Sum(t["x"], 1, keepDim: true)),
        ["mean_dim2"] = (["x"], t => Ops.Mean(t["x"], 2)),
        ["permute"] = (["x"], t => Ops.Permute(t["x"], 2, 0, 1)),
        ["transpose"] = (["x"], t => Ops.Transpose(t["x"], 0, 1)),
        ["concat"] = (["a", "b"], t => Ops.Concat([t["a"], t["b"]], 1)),
        ["gather"] = (["x"], t => Ops.Gather(t["x"], 1, Load("gather", "index"))),
        ["index_select"] = (["x"], t => Ops.IndexSelect(t["x"], 1, 3, 0, 3)),
        ["matmul"] = (["a", "b"], t => Ops.MatMul(t["a"], t["b"])),
        ["bmm"] = (["a", "b"], t => Ops.MatMul(t["a"], t["b"])),
        ["linear"] = (["x", "w", "b"], t => Ops.Linear(t["x"], t["w"], t["b"])),
        ["linear_nobias"] = (["x", "w"], t => Ops.Linear(t["x"], t["w"])),
        ["conv_pad1"] = (["x", "w", "b"], t => Ops.Conv2d(t["x"], t["w"], t["b"], padding: 1)),
        ["conv_s2_d2_g2"] = (["x", "w", "b"], t => Ops.Conv2d(t["x"], t["w"], t["b"], stride: 2, dilation: 2, groups: 2)),
        ["conv_1ch"] = (["x", "w", "b"], t => Ops.Conv2d(t["x"], t["w"], t["b"])),
        ["conv_mixed"] = (["x", "w"], t => Ops.Conv2d(t["x"], t["w"], null, new Conv2dOptions { Stride = (2, 1), Padding = (1, 0), Dilation = (1, 2) })),
        ["conv_depthwise"] = (["x", "w", "b"], t => Ops.Conv2d(t["x"], t["w"], t["b"], padding: 2, groups: 3)),
        ["conv_1x1_s2"] = (["x", "w"], t => Ops.Conv2d(t["x"], t["w"], null, stride: 2)),
        ["maxpool_k3s2p1_ceil"] = (["x"], t => Ops.MaxPool2d(t["x"], 3, 2, 1, ceilMode: true)),
        ["maxpool_k2"] = (["x"], t => Ops.MaxPool2d(t["x"], 2)),
        ["maxpool_k3s2_ceil"] = (["x"], t => Ops.MaxPool2d(t["x"], 3, 2, 0, ceilMode: true)),
        ["maxpool_overlap"] = (["x"], t => Ops.MaxPool2d(t["x"], 3, 1, 1)),
        ["avgpool_k3s2p1_ceil"] = (["x"], t => Ops.AvgPool2d(t["x"], 3, 2, 1, ceilMode: true)),
        ["avgpool_k3s2p1_ceil_nopad"] = (["x"], t => Ops.AvgPool2d(t["x"], 3, 2, 1, ceilMode: true, countIncludePad: false)),
        ["avgpool_k2"] = (["x"], t => Ops.AvgPool2d(t["x"], 2)),
        ["adaptive_3x4"] = (["x"], t => Ops.AdaptiveAvgPool2d(t["x"], 3, 4)),
        ["adaptive_1x1"] = (["x"], t => Ops.AdaptiveAvgPool2d(t["x"], 1, 1)),
        ["bn_train"] = (["x", "w", "b"], t => Ops.BatchNorm(t["x"], Load("bn_train", "running_mean_in"), Load("bn_train", "running_var_in"), t["w"], t["b"], training: true, momentum: 0.2f)),
        ["bn_eval"] = (["x", "w", "b"], t => Ops.BatchNorm(t["x"], Load("bn_eval", "running_mean"), Load("bn_eval", "running_var"), t["w"], t["b"], training: false, eps: 1e-3f)),
        ["bn_1d"] = (["x"], t => Ops.BatchNorm(t["x"], null, null)),
        ["bce_mean"] = (["x"], t => Ops.BinaryCrossEntropyWithLogits(t["x"], Load("bce_mean", "target"))),
        ["bce_posweight_sum"] = (["x"], t => Ops.BinaryCrossEntropyWithLogits(
            t["x"], Load("bce_posweight_sum", "target"), Load("bce_posweight_sum", "weight"), Load("bce_posweight_sum", "pos_weight"), Reduction.Sum)),
        ["bce_none"] = (["x"], t => Ops.BinaryCrossEntropyWithLogits(t["x"], Load("bce_none", "target"), posWeight: Load("bce_none", "pos_weight"), reduction: Reduction.None)),
        ["nll"] = (["x"], t => -Ops.Mean(Ops.Gather(Ops.LogSoftmax(t["x"], 1), 1, Load("nll", "index")))),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ForwardAndGradients_MatchPyTorch(string name)
    {
        var (inputs, op) = Cases[name];
        var tensors = inputs.ToDictionary(k => k, k =>
        {
            var t = Load(name, k);
            t.RequiresGrad = true;
            return t;
        });
        var output = op(tensors);
        var expected = Load(name, "out");
        Assert.Equal(expected.ShapeArray(), output.ShapeArray());
        AssertClose(expected, output, $"{name}: output");
        output.Backward(Load(name, "dy"));
        foreach (var k in inputs)
        {
            Assert.NotNull(tensors[k].Grad);
            AssertClose(Load(name, "d" + k), tensors[k].Grad!, $"{name}: d{k}");
        }
    }

    public static TheoryData<string> ConvCaseNames => [.. Cases.Keys.Where(k => k.StartsWith("conv", StringComparison.Ordinal))];

    /// <summary>Convolutions computed one output row at a time (as large planes are, band by band) still match PyTorch.</summary>
    [Theory]
    [MemberData(nameof(ConvCaseNames))]
    public void Convolutions_InOneRowBands_MatchPyTorch(string name)
    {
        Ops.ColumnBudget = 1;
        Ops.BandBudget = 1;
        try
        {
            ForwardAndGradients_MatchPyTorch(name);
        }
        finally
        {
            Ops.ColumnBudget = 0;
            Ops.BandBudget = 0;
        }
    }

    [Fact]
    public void BatchNorm_Training_UpdatesRunningStatistics_LikePyTorch()
    {
        var mean = Load("bn_train", "running_mean_in");
        var variance = Load("bn_train", "running_var_in");
        _ = Ops.BatchNorm(Load("bn_train", "x"), mean, variance, Load("bn_train", "w"), Load("bn_train", "b"), training: true, momentum: 0.2f);
        AssertClose(Load("bn_train", "running_mean_out"), mean, "running mean");
        AssertClose(Load("bn_train", "running_var_out"), variance, "running var");
    }

    [Fact]
    public void AllFixtureCases_AreCovered()
    {
        var onDisk = Directory.GetFiles(RepoPaths.Fixture("tensors"), "*.out.npy")
            .Select(f => Path.GetFileName(f)[..^".out.npy".Length]).Order().ToArray();
        Assert.Equal(onDisk, Cases.Keys.Order().ToArray());
    }

    internal static Tensor Load(string name, string part)
    {
        var npy = NpyFixture.Load("tensors", $"{name}.{part}.npy");
        return Tensor.From(npy.AsFloat(), npy.Shape);
    }

    internal static void AssertClose(Tensor expected, Tensor actual, string what, double rtol = 1e-4)
    {
        Assert.Equal(expected.Length, actual.Length);
        var e = expected.Data;
        var a = actual.Data;
        var scale = 0.0;
        foreach (var v in e)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        for (var i = 0; i < e.Length; i++)
        {
            var tol = (rtol * Math.Abs(e[i])) + (rtol * 0.1 * Math.Max(scale, 1e-3));
            if (!(Math.Abs(e[i] - a[i]) <= tol))
            {
                Assert.Fail($"{what}: element {i} is {a[i]}, expected {e[i]} (tolerance {tol:G3})");
            }
        }
    }
}
