using MedVision.Nn.Weights;
using MedVision.Tensors;
using static MedVision.Nn.Tests.Support.Parity;

namespace MedVision.Nn.Tests.Layers;

/// <summary>
/// The shared suite over all layers: each is run forward and backward (loss = Σ y·r) on PyTorch's input with
/// PyTorch's parameters, and output, input gradient, parameter gradients and updated buffers must agree.
/// </summary>
public sealed class LayerParityTests
{
    /// <summary>Every layer with a fixture, built as the fixture script builds it.</summary>
    public static TheoryData<string> Cases => [.. Layers.Keys];

    private static readonly Dictionary<string, Func<Module>> Layers = new()
    {
        ["conv2d"] = () => new Conv2d(3, 4, 3, stride: 2, padding: 1),
        ["conv2d_dilated_groups"] = () => new Conv2d(4, 6, 3, padding: 2, dilation: 2, groups: 2, bias: false),
        ["linear"] = () => new Linear(5, 3),
        ["batchnorm2d_train"] = () => new BatchNorm2d(3),
        ["batchnorm2d_eval"] = () => new BatchNorm2d(3),
        ["batchnorm1d_train"] = () => new BatchNorm1d(6),
        ["maxpool2d"] = () => new MaxPool2d(3, 2, 1, ceilMode: true),
        ["avgpool2d"] = () => new AvgPool2d(3, 2, 1, countIncludePad: false),
        ["adaptiveavgpool2d"] = () => new AdaptiveAvgPool2d(3, 2),
        ["relu"] = () => new ReLU(),
        ["leakyrelu"] = () => new LeakyReLU(0.2),
        ["elu"] = () => new ELU(0.7),
        ["sigmoid"] = () => new Sigmoid(),
        ["tanh"] = () => new Tanh(),
        ["softmax"] = () => new Softmax(1),
        ["flatten"] = () => new Flatten(),
        ["sequential"] = () => new Sequential(new Conv2d(2, 3, 3, padding: 1), new BatchNorm2d(3), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(27, 2)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Layer_ForwardAndGradients_MatchPyTorch(string name)
    {
        var f = Load("layers", $"{name}.safetensors");
        var module = Layers[name]();
        var state = new WeightDict();
        foreach (var (key, value) in f.Where(kv => kv.Key.StartsWith("param.", StringComparison.Ordinal)))
        {
            state.Add(key["param.".Length..], value);
        }

        module.LoadStateDict(state);
        module.Train(f.Metadata["train"] == "True");
        var x = ToTensor(f["x"]);
        x.RequiresGrad = true;

        var y = module.Forward(x);
        Ops.Sum(Ops.Mul(y, ToTensor(f["r"]))).Backward();

        AssertClose(f["y"], y, $"{name} output");
        AssertClose(f["dx"], x.Grad!, $"{name} input gradient");
        foreach (var (key, p) in module.NamedParameters())
        {
            AssertClose(f[$"grad.{key}"], p.Grad!, $"{name} gradient of {key}");
        }

        foreach (var (key, b) in module.NamedBuffers())
        {
            AssertClose(f[$"after.{key}"], b, $"{name} buffer {key}");
        }

        Assert.Equal(f.Names.Count(n => n.StartsWith("grad.", StringComparison.Ordinal)), module.NamedParameters().Count());
    }

    [Fact]
    public void StateDict_SaveLoadRoundTrip_ThroughSafeTensors()
    {
        var a = Layers["sequential"]();
        var b = Layers["sequential"]();
        var bytes = SafeTensors.ToBytes(a.StateDict());

        b.LoadStateDict(SafeTensors.Read(bytes));

        Assert.Equal(a.StateDict().Names, b.StateDict().Names);
        foreach (var ((_, pa), (_, pb)) in a.NamedParameters().Zip(b.NamedParameters()))
        {
            Assert.Equal(pa.ToArray(), pb.ToArray());
        }
    }

    [Fact]
    public void StateDict_Names_FollowPyTorchOrder()
    {
        var model = Layers["sequential"]();

        Assert.Equal(
            ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "5.weight", "5.bias"],
            model.StateDict().Names);
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "5.weight", "5.bias"], model.NamedParameters().Select(p => p.Key));
    }

    [Fact]
    public void LoadStateDict_Strict_ReportsMissingAndUnexpected_NonStrictReturnsThem()
    {
        var model = new Linear(2, 3);
        var weights = new WeightDict();
        weights.Add("weight", [3, 2], new float[6]);
        weights.Add("extra", [1], [1f]);

        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(weights));
        Assert.Contains("missing keys [bias]", e.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected keys [extra]", e.Message, StringComparison.Ordinal);

        var result = model.LoadStateDict(weights, strict: false);
        Assert.Equal(["bias"], result.MissingKeys);
        Assert.Equal(["extra"], result.UnexpectedKeys);
        Assert.All(model.Weight.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void LoadStateDict_WrongShape_NamesKeyAndShapes()
    {
        var model = new Linear(2, 3);
        var weights = model.StateDict();
        var wrong = new WeightDict();
        wrong.Add("weight", [2, 3], new float[6]);
        wrong.Add("bias", weights["bias"]);

        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(wrong));
        Assert.Contains("'weight' has shape [3, 2] in the module but [2, 3]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Freeze_ByPrefix_StopsGradientsOnlyThere()
    {
        var model = Layers["sequential"]();

        Assert.Equal(4, model.Freeze("0.", "1."));
        Assert.Equal(2, model.Parameters().Count(p => p.RequiresGrad));
        Assert.Equal(27 * 2 + 2, model.ParameterCount(trainableOnly: true));

        var x = Tensor.From(new float[4 * 2 * 36], 4, 2, 6, 6);
        Ops.Sum(model.Forward(x)).Backward();
        Assert.Null(model.NamedParameters().First().Value.Grad);
        Assert.NotNull(model.NamedParameters().Last().Value.Grad);

        model.Unfreeze();
        Assert.All(model.Parameters(), p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void CaptureOutput_KeepsActivationAndItsGradient()
    {
        var model = (Sequential)Layers["sequential"]();
        var capture = model[2].CaptureOutput();
        var x = Tensor.From([.. Enumerable.Range(0, 4 * 2 * 36).Select(i => MathF.Sin(i))], 4, 2, 6, 6);

        var y = model.Forward(x);
        Ops.Sum(y).Backward();

        Assert.Equal([4, 3, 6, 6], capture.Output!.ShapeArray());
        Assert.Equal([4, 3, 6, 6], capture.Gradient!.ShapeArray());
        Assert.Contains(capture.Gradient.ToArray(), v => v != 0);
        capture.Remove();
        model.Forward(x);
        Assert.Equal([4, 3, 6, 6], capture.Output.ShapeArray());
    }

    [Fact]
    public void Dropout_TrainZeroesAboutPAndScales_EvalIsIdentity_SameSeedSameMask()
    {
        var x = Tensor.Ones(10000);
        var a = new Dropout(0.3, new Generator(5)).Forward(x).ToArray();
        var b = new Dropout(0.3, new Generator(5)).Forward(x).ToArray();
        var dropout = new Dropout(0.3, new Generator(5));
        dropout.Eval();

        Assert.Equal(a, b);
        Assert.InRange(a.Count(v => v == 0) / 10000.0, 0.27, 0.33);
        Assert.All(a.Where(v => v != 0), v => Assert.Equal(1 / 0.7f, v, 1e-6f));
        Assert.Same(x, dropout.Forward(x));
    }
}
