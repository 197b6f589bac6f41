using MedVision.Tensors.Autograd;

namespace MedVision.Tensors.Tests;

/// <summary>Semantics that fixtures do not pin down: dropout statistics, views, bad arguments, hooks and the buffer pool.</summary>
public sealed class OpBehaviourTests
{
    [Fact]
    public void Dropout_KeepsAboutOneMinusP_ScalesSurvivors_AndIsSeeded()
    {
        var x = Tensor.Ones(20000);
        var a = Ops.Dropout(x, 0.3f, training: true, new Generator(9)).ToArray();
        var b = Ops.Dropout(x, 0.3f, training: true, new Generator(9)).ToArray();
        Assert.Equal(a, b);
        var kept = a.Count(v => v != 0f);
        Assert.InRange(kept / 20000.0, 0.68, 0.72);
        Assert.All(a.Where(v => v != 0f), v => Assert.Equal(1f / 0.7f, v, 1e-6f));
    }

    [Fact]
    public void Dropout_NotTraining_ReturnsInput_AndPOneGivesZeros()
    {
        var x = Tensor.Ones(10);
        Assert.Same(x, Ops.Dropout(x, 0.5f, training: false, new Generator(1)));
        Assert.All(Ops.Dropout(x, 1f, training: true, new Generator(1)).ToArray(), v => Assert.Equal(0f, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Dropout(x, 1.5f, training: true, new Generator(1)));
    }

    [Fact]
    public void Reshape_IsAView_AndInfersMinusOne()
    {
        var x = Tensor.From([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var y = x.Reshape(-1, 2);
        Assert.Equal([3, 2], y.ShapeArray());
        y.Data[0] = 10f;
        Assert.Equal(10f, x[0, 0]);
        var error = Assert.Throws<ArgumentException>(() => x.Reshape(4, -1));
        Assert.Contains("cannot reshape (2, 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broadcast_IncompatibleShapes_NamesBothShapes()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.Add(Tensor.Zeros(2, 3), Tensor.Zeros(4)));
        Assert.Contains("(2, 3) and (4)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conv2d_ChannelMismatch_NamesExpectedAndReceived()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.Conv2d(Tensor.Zeros(1, 3, 8, 8), Tensor.Zeros(4, 2, 3, 3)));
        Assert.Contains("expects 2 input channels, input has 3", error.Message, StringComparison.Ordinal);
        Assert.Equal("weight", error.ParamName);
    }

    [Fact]
    public void Pooling_PaddingLargerThanHalfKernel_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.MaxPool2d(Tensor.Zeros(1, 1, 8, 8), 2, 2, 2));
        Assert.Contains("half the kernel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gather_NonIntegerIndex_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.Gather(Tensor.Zeros(2, 3), 1, Tensor.From([0.5f, 1f], 2, 1)));
        Assert.Contains("integers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyTensors_FlowThroughOps()
    {
        var x = Tensor.Zeros(0, 4);
        x.RequiresGrad = true;
        var y = Ops.Sum(Ops.Relu(x * 2f + Tensor.Ones(4)));
        Assert.Equal(0f, y.Item());
        y.Backward();
        Assert.Equal(0, x.Grad!.Length);
    }

    [Fact]
    public void Hook_KeptGradient_IsNotOverwrittenByLaterSteps()
    {
        // Regression guard for the buffer pool: a gradient handed to a hook must never be recycled.
        var w = Tensor.Uniform(new Generator(2), -1f, 1f, 64, 64);
        w.RequiresGrad = true;
        var x = Tensor.Uniform(new Generator(3), -1f, 1f, 64, 64);
        Tensor? captured = null;
        var h = Ops.MatMul(x, w);
        h.RegisterHook(g => captured = g);
        Ops.Sum(Ops.Square(h)).Backward();
        var snapshot = captured!.ToArray();
        for (var i = 0; i < 3; i++)
        {
            Ops.Sum(Ops.Square(Ops.MatMul(x, w) * 3f)).Backward();
        }

        Assert.Equal(snapshot, captured.ToArray());
    }

    [Fact]
    public void Generator_SameSeed_SameSequence_AndKnownFirstValues()
    {
        var a = new Generator(42);
        var b = new Generator(42);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }

        // xoshiro256** seeded by SplitMix64(0): first output (reference implementation, Blackman & Vigna)
        Assert.Equal(0x99EC5F36CB75F2B4UL, new Generator(0).NextUInt64());
        var normal = new Generator(1);
        var values = Enumerable.Range(0, 20000).Select(_ => normal.NextNormal()).ToArray();
        Assert.InRange(values.Average(), -0.03, 0.03);
        Assert.InRange(Math.Sqrt(values.Select(v => v * v).Average()), 0.97, 1.03);
    }

    [Fact]
    public void NoGrad_IsPerThread_AndNests()
    {
        using (GradMode.NoGrad())
        {
            using (GradMode.NoGrad())
            {
                Assert.False(GradMode.IsEnabled);
            }

            Assert.False(GradMode.IsEnabled);
            var other = false;
            var thread = new Thread(() => other = GradMode.IsEnabled);
            thread.Start();
            thread.Join();
            Assert.True(other);
        }

        Assert.True(GradMode.IsEnabled);
    }
}
