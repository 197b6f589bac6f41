using MedVision.Tensors;
using MedVision.Nn.Zoo;
using MedVision.Tensors.Autograd;

namespace MedVision.Nn.Tests.Modules;

/// <summary>Forward hooks registered by a test running beside these would stop the recycling they check, so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HookCountGroup
{
    public const string Name = "forward hook count";
}

/// <summary>
/// In an inference pass (no gradient recording, inside <c>TensorScope.Begin(everything: true)</c>) the zoo's forward
/// passes give each intermediate's storage back to the pool as soon as the next layer has consumed it.
/// </summary>
[Collection(HookCountGroup.Name)]
public class InferenceRecyclingTests
{
    /// <summary>A careless layer that keeps its input: what it saw is an intermediate of the enclosing Sequential.</summary>
    private sealed class Probe : Module
    {
        public Tensor? Seen { get; private set; }

        protected override Tensor ForwardCore(Tensor input)
        {
            Seen = input;
            return Ops.Mul(input, 2f);
        }
    }

    [Theory]
    [InlineData("seed-cnn", 1, 60)]
    [InlineData("patch-cnn", 1, 40)]
    [InlineData("resnet18-small", 3, 28)]
    [InlineData("resnet50", 3, 64)]
    [InlineData("resnet18-imagenet-fusion", 1, 64)]
    [InlineData("vgg16-fusion1", 3, 64)]
    [InlineData("vgg16-fusion2", 3, 64)]
    public void AnInferencePass_GivesTheSameLogits_AsOneThatKeepsEveryIntermediate(string arch, int channels, int size)
    {
        var model = ModelZoo.Create(arch, channels, size, size, outputs: 3, seed: 5);
        model.Eval();
        var x = Tensor.Randn(new Generator(9), 4, channels, size, size);
        float[] expected;
        using (GradMode.NoGrad())
        {
            expected = model.Forward(x).ToArray();
            for (var pass = 0; pass < 2; pass++)
            {
                using var scope = TensorScope.Begin(everything: true);
                Assert.Equal(expected, model.Forward(x).ToArray());
            }
        }

        Assert.Equal(expected, model.Forward(x).ToArray());
    }

    [Fact]
    public void ASpentIntermediate_GoesBackAtOnce_UnlessGradientsAreRecordedOrAHookMayHoldIt()
    {
        var probe = new Probe();
        var model = new Sequential(new Linear(4096, 4096, generator: new Generator(1)), probe, new ReLU());
        model.Eval();
        var x = Tensor.Randn(new Generator(2), 2, 4096);
        using (GradMode.NoGrad())
        {
            using (TensorScope.Begin(everything: true))
            {
                var y = model.Forward(x);
                Assert.Throws<ObjectDisposedException>(() => probe.Seen!.ToArray());
                Assert.Equal(2 * 4096, y.ToArray().Length);
                Assert.Equal(2 * 4096, x.ToArray().Length); // the Sequential's input stays its caller's
            }

            // A hook that only reads what it is shown (here the output's shape) leaves recycling on.
            var shapes = new List<int[]>();
            var reader = model[2].RegisterForwardHook((_, _, output) => shapes.Add(output.ShapeArray()), holdsTensors: false);
            using (TensorScope.Begin(everything: true))
            {
                model.Forward(x);
                Assert.Throws<ObjectDisposedException>(() => probe.Seen!.ToArray());
                Assert.Equal([2, 4096], Assert.Single(shapes));
            }

            reader.Remove();
            var hook = model[2].RegisterForwardHook((_, _, _) => { });
            try
            {
                using var scope = TensorScope.Begin(everything: true);
                model.Forward(x);
                Assert.Equal(2 * 4096, probe.Seen!.ToArray().Length);
            }
            finally
            {
                hook.Remove();
            }
        }

        using (TensorScope.Begin(everything: true))
        {
            model.Forward(x);
            Assert.Equal(2 * 4096, probe.Seen!.ToArray().Length);
        }
    }
}
