using MedVision.Nn.Optim;
using MedVision.Nn.Weights;
using MedVision.Tensors;
using static MedVision.Nn.Tests.Support.Parity;

namespace MedVision.Nn.Tests.Optim;

public sealed class OptimizerParityTests
{
    private static readonly Dictionary<string, Func<Parameter[], Optimizer>> Optimizers = new()
    {
        ["sgd"] = ps => new SGD(ps, 0.1),
        ["sgd_momentum"] = ps => new SGD([new ParamGroup(ps)], new SgdOptions { Lr = 0.05, Momentum = 0.9, Dampening = 0.1, WeightDecay = 0.01 }),
        ["sgd_nesterov"] = ps => new SGD([new ParamGroup(ps)], new SgdOptions { Lr = 0.05, Momentum = 0.8, Nesterov = true }),
        ["adam"] = ps => new Adam(ps, 0.01),
        ["adam_wd"] = ps => new Adam([new ParamGroup(ps)], new AdamOptions { Lr = 0.01, Beta1 = 0.8, Beta2 = 0.99, Eps = 1e-6, WeightDecay = 0.1 }),
        ["adamw"] = ps => new AdamW(ps, 0.01),
        ["rmsprop"] = ps => new RMSprop(ps, 0.01),
        ["rmsprop_centered_momentum"] = ps => new RMSprop([new ParamGroup(ps)], new RmspropOptions { Lr = 0.01, Alpha = 0.9, Momentum = 0.5, Centered = true, WeightDecay = 0.05 }),
        ["sgd_groups"] = ps => new SGD([new ParamGroup([ps[0]], lr: 0.2), new ParamGroup([ps[1]])], new SgdOptions { Lr = 0.01, Momentum = 0.9 }),
        ["adam_groups"] = ps => new Adam([new ParamGroup([ps[0]], lr: 1e-3), new ParamGroup([ps[1]], lr: 1e-1)], new AdamOptions()),
    };

    public static TheoryData<string> Cases => [.. Optimizers.Keys];

    private static Parameter[] Start(WeightDict f) => [new Parameter(ToTensor(f["p0"])), new Parameter(ToTensor(f["p1"]))];

    [Theory]
    [MemberData(nameof(Cases))]
    public void ThreeSteps_MatchTorchOptim(string name)
    {
        var f = Load("layers", $"optim_{name}.safetensors");
        var ps = Start(f);
        var optimizer = Optimizers[name](ps);

        for (var s = 0; s < 3; s++)
        {
            ps[0].Grad = ToTensor(f[$"g0_{s}"]);
            ps[1].Grad = ToTensor(f[$"g1_{s}"]);
            optimizer.Step();
            AssertClose(f[$"p0_{s}"], ps[0], $"{name} p0 after step {s + 1}", 1e-5, 1e-6);
            AssertClose(f[$"p1_{s}"], ps[1], $"{name} p1 after step {s + 1}", 1e-5, 1e-6);
        }
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd_momentum")]
    [InlineData("rmsprop_centered_momentum")]
    public void StateDict_ResumesExactly(string name)
    {
        var f = Load("layers", $"optim_{name}.safetensors");
        var ps = Start(f);
        var first = Optimizers[name](ps);
        ps[0].Grad = ToTensor(f["g0_0"]);
        ps[1].Grad = ToTensor(f["g1_0"]);
        first.Step();
        var saved = SafeTensors.Read(SafeTensors.ToBytes(first.StateDict()));

        var resumed = Optimizers[name](ps);
        resumed.LoadStateDict(saved);
        for (var s = 1; s < 3; s++)
        {
            ps[0].Grad = ToTensor(f[$"g0_{s}"]);
            ps[1].Grad = ToTensor(f[$"g1_{s}"]);
            resumed.Step();
        }

        AssertClose(f["p0_2"], ps[0], $"{name} resumed p0", 1e-5, 1e-6);
        AssertClose(f["p1_2"], ps[1], $"{name} resumed p1", 1e-5, 1e-6);
    }

    [Fact]
    public void ClipGradNorm_MatchesTorch()
    {
        var f = Load("layers", "clip_grad_norm.safetensors");
        Parameter[] ps = [new Parameter(Tensor.Zeros(3, 4)), new Parameter(Tensor.Zeros(5))];
        ps[0].Grad = ToTensor(f["g0"]);
        ps[1].Grad = ToTensor(f["g1"]);

        var total = GradientClipping.ClipGradNorm(ps, 1.5);

        Assert.Equal(f["total"].Values[0], total, 1e-5);
        AssertClose(f["c0"], ps[0].Grad!, "clipped g0");
        AssertClose(f["c1"], ps[1].Grad!, "clipped g1");
    }

    [Fact]
    public void ZeroGrad_ClearsAndFrozenParametersAreSkipped()
    {
        Parameter[] ps = [new Parameter(Tensor.Ones(2)), new Parameter(Tensor.Ones(2))];
        var sgd = new SGD(ps, 0.5);
        ps[0].Grad = Tensor.Ones(2);

        sgd.Step();
        sgd.ZeroGrad();

        Assert.Equal([0.5f, 0.5f], ps[0].ToArray());
        Assert.Equal([1f, 1f], ps[1].ToArray());
        Assert.Null(ps[0].Grad);
    }
}
