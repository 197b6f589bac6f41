using MedVision.Tensors.Autograd;

namespace MedVision.Tensors.Tests;

public sealed class AutogradTests
{
    [Fact]
    public void Backward_OfQuadratic_GivesKnownGradient()
    {
        // L = Σ (2x + 1)² → dL/dx = 4(2x + 1)
        var x = Tensor.From([1f, -2f, 0.5f], 3);
        x.RequiresGrad = true;
        var loss = Ops.Sum(Ops.Square(x * 2f + 1f));
        loss.Backward();
        Assert.Equal(9f + 9f + 4f, loss.Item());
        Assert.Equal([12f, -12f, 8f], x.Grad!.ToArray());
    }

    [Fact]
    public void Backward_Twice_AccumulatesIntoGrad()
    {
        var x = Tensor.From([3f], 1);
        x.RequiresGrad = true;
        Ops.Sum(x * x).Backward();
        Ops.Sum(x * x).Backward();
        Assert.Equal(12f, x.Grad!.Item());
        x.ZeroGrad();
        Assert.Null(x.Grad);
    }

    [Fact]
    public void TensorUsedTwice_SumsBothPaths()
    {
        var x = Tensor.From([2f], 1);
        x.RequiresGrad = true;
        var y = x * 3f;
        Ops.Sum(y * y + y).Backward();
        // d/dx (9x² + 3x) = 18x + 3
        Assert.Equal(39f, x.Grad!.Item());
    }

    [Fact]
    public void NoGrad_RecordsNothing()
    {
        var x = Tensor.Ones(2);
        x.RequiresGrad = true;
        Tensor y;
        using (GradMode.NoGrad())
        {
            Assert.False(GradMode.IsEnabled);
            y = x * 2f;
        }

        Assert.True(GradMode.IsEnabled);
        Assert.False(y.RequiresGrad);
        Assert.True(y.IsLeaf);
    }

    [Fact]
    public void Detach_CutsTheGraph_AndSharesStorage()
    {
        var x = Tensor.Ones(2);
        x.RequiresGrad = true;
        var y = x * 2f;
        var d = y.Detach();
        Assert.False(d.RequiresGrad);
        d.Data[0] = 5f;
        Assert.Equal(5f, y.Data[0]);
    }

    [Fact]
    public void Hook_SeesIntermediateGradient_AndRetainGradKeepsIt()
    {
        var x = Tensor.From([1f, 2f], 2);
        x.RequiresGrad = true;
        var h = x * 3f;
        Tensor? seen = null;
        var handle = h.RegisterHook(g => seen = g);
        h.RetainGrad();
        Ops.Sum(h * h).Backward();
        Assert.NotNull(seen);
        Assert.Equal([6f, 12f], seen!.ToArray());
        Assert.Equal([6f, 12f], h.Grad!.ToArray());
        Assert.Equal([18f, 36f], x.Grad!.ToArray());
        handle.Remove();
    }

    [Fact]
    public void BackwardTwiceThroughReleasedGraph_Throws()
    {
        var x = Tensor.Ones(1);
        x.RequiresGrad = true;
        var loss = Ops.Sum(Ops.Exp(x));
        loss.Backward();
        Assert.Throws<InvalidOperationException>(() => loss.Backward());
    }

    [Fact]
    public void Backward_OnNonScalarWithoutGradient_IsArgumentError()
    {
        var x = Tensor.Ones(2);
        x.RequiresGrad = true;
        var y = x * 2f;
        var error = Assert.Throws<ArgumentException>(() => y.Backward());
        Assert.Contains("gradient", error.Message, StringComparison.Ordinal);
    }
}
