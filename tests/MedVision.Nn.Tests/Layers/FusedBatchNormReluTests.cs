using MedVision.Nn.Zoo;
using MedVision.Tensors;

namespace MedVision.Nn.Tests.Layers;

/// <summary>
/// A batch norm and the ReLU after it run as one op (one recorded tensor instead of two) with the bits of the two
/// layers; a forward hook on either splits them again, since it must see the values between them.
/// </summary>
public class FusedBatchNormReluTests
{
    private static (float[] Output, float[] ConvGrad, float[] GammaGrad, int Recorded) Step(Module model, Conv2d conv, BatchNorm norm, Tensor x)
    {
        foreach (var p in model.Parameters())
        {
            p.ZeroGrad();
        }

        float[] output;
        int recorded;
        using (var scope = TensorScope.Begin())
        {
            var y = model.Forward(x);
            output = y.ToArray();
            Ops.Sum(Ops.Mul(y, y)).Backward();
            recorded = scope.Count;
        }

        return (output, conv.Weight.Grad!.ToArray(), norm.Weight!.Grad!.ToArray(), recorded);
    }

    [Fact]
    public void InASequential_TheFusedPairGivesTheBitsOfTwoLayers_AndRecordsOneTensorLess()
    {
        var g = new Generator(3);
        var conv = new Conv2d(2, 6, 3, padding: 1, generator: g);
        var norm = new BatchNorm2d(6);
        var relu = new ReLU();
        var model = new Sequential(conv, norm, relu, new MaxPool2d(2));
        var x = Tensor.Randn(g, 4, 2, 10, 10);

        var fused = Step(model, conv, norm, x);
        var hook = relu.RegisterForwardHook((_, _, _) => { });
        var apart = Step(model, conv, norm, x);
        hook.Remove();

        Assert.Equal(apart.Output, fused.Output);
        Assert.Equal(apart.ConvGrad, fused.ConvGrad);
        Assert.Equal(apart.GammaGrad, fused.GammaGrad);
        Assert.Equal(apart.Recorded - 1, fused.Recorded);

        model.Eval();
        using (Tensors.Autograd.GradMode.NoGrad())
        {
            var evalFused = model.Forward(x).ToArray();
            hook = norm.RegisterForwardHook((_, _, _) => { });
            Assert.Equal(model.Forward(x).ToArray(), evalFused);
            hook.Remove();
        }
    }

    [Fact]
    public void AResNet_TrainsWithTheBitsOfItsLayersRunApart()
    {
        // Hooks on every batch norm split each fused pair (the residual sums stay fused; FusedReluTests checks them).
        var model = ModelZoo.Create("resnet18-small", 3, 16, 16, outputs: 2, seed: 4);
        var x = Tensor.Randn(new Generator(5), 3, 3, 16, 16);
        var conv = (Conv2d)model.GetSubmodule("conv1");
        var norm = (BatchNorm)model.GetSubmodule("layer1.0.bn1");

        var fused = Step(model, conv, norm, x);
        var hooks = model.NamedModules().Where(m => m.Value is BatchNorm).Select(m => m.Value.RegisterForwardHook((_, _, _) => { })).ToList();
        var apart = Step(model, conv, norm, x);
        hooks.ForEach(h => h.Remove());

        Assert.Equal(apart.Output, fused.Output);
        Assert.Equal(apart.ConvGrad, fused.ConvGrad);
        Assert.Equal(apart.GammaGrad, fused.GammaGrad);
        Assert.Equal(apart.Recorded - 9, fused.Recorded); // the stem and eight basic blocks
    }
}
