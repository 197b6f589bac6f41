namespace MedVision.Tensors.Tests;

/// <summary>The fused ReLUs give the bits of the two ops they replace, forward and backward.</summary>
public class FusedReluTests
{
    private static Tensor Leaf(Generator g, params int[] shape)
    {
        var t = Tensor.Randn(g, shape);
        t.RequiresGrad = true;
        return t;
    }

    private static float[] GradOf(Tensor t)
    {
        var grad = t.Grad!.ToArray();
        t.ZeroGrad();
        return grad;
    }

    [Theory]
    [InlineData(true, 4, 3, 7, 9)]
    [InlineData(false, 4, 3, 7, 9)]
    [InlineData(true, 2, 5, 1, 1)]
    [InlineData(true, 3, 2, 16, 16)]
    public void BatchNormRelu_MatchesReluOfBatchNorm(bool training, int n, int c, int h, int w)
    {
        var g = new Generator(31);
        var x = Leaf(g, n, c, h, w);
        var gamma = Leaf(g, c);
        var beta = Leaf(g, c);
        // A channel of zeros (output 0 after the shift, the ReLU's kink) and ties.
        x.Data.Slice(0, h * w).Clear();
        var upstream = Tensor.Randn(g, n, c, h, w);
        var stats = (Mean: Tensor.Randn(g, c), Var: Tensor.Rand(g, c));
        var statsFused = (Mean: Tensor.From(stats.Mean.ToArray()), Var: Tensor.From(stats.Var.ToArray()));

        var apart = Ops.Relu(Ops.BatchNorm(x, stats.Mean, stats.Var, gamma, beta, training));
        Ops.Sum(Ops.Mul(apart, upstream)).Backward();
        var (dx, dGamma, dBeta) = (GradOf(x), GradOf(gamma), GradOf(beta));

        var fused = Ops.BatchNormRelu(x, statsFused.Mean, statsFused.Var, gamma, beta, training);
        Ops.Sum(Ops.Mul(fused, upstream)).Backward();

        Assert.Equal(apart.ToArray(), fused.ToArray());
        Assert.Contains(0f, fused.ToArray());
        Assert.Equal(dx, GradOf(x));
        Assert.Equal(dGamma, GradOf(gamma));
        Assert.Equal(dBeta, GradOf(beta));
        Assert.Equal(stats.Mean.ToArray(), statsFused.Mean.ToArray());
        Assert.Equal(stats.Var.ToArray(), statsFused.Var.ToArray());
    }

    [Fact]
    public void AddRelu_MatchesReluOfAdd_AndGivesBothInputsTheMaskedGradient()
    {
        var g = new Generator(32);
        var a = Leaf(g, 3, 4, 33, 17);
        var b = Leaf(g, 3, 4, 33, 17);
        b.Data.Slice(0, 100).Clear();
        a.Data.Slice(0, 100).Clear(); // sums of exactly zero, at the kink
        var upstream = Tensor.Randn(g, 3, 4, 33, 17);

        var apart = Ops.Relu(Ops.Add(a, b));
        Ops.Sum(Ops.Mul(apart, upstream)).Backward();
        var (da, db) = (GradOf(a), GradOf(b));
        var fused = Ops.AddRelu(a, b);
        Ops.Sum(Ops.Mul(fused, upstream)).Backward();

        Assert.Equal(apart.ToArray(), fused.ToArray());
        Assert.Equal(da, GradOf(a));
        Assert.Equal(db, GradOf(b));
        Assert.Equal(0f, da[0]);

        // One input twice, and one input that needs no gradient.
        Ops.Sum(Ops.Mul(Ops.Relu(Ops.Add(a, a)), upstream)).Backward();
        var twice = GradOf(a);
        Ops.Sum(Ops.Mul(Ops.AddRelu(a, a), upstream)).Backward();
        Assert.Equal(twice, GradOf(a));

        var constant = Tensor.Randn(g, 3, 4, 33, 17);
        Ops.Sum(Ops.Mul(Ops.Relu(Ops.Add(constant, a)), upstream)).Backward();
        var one = GradOf(a);
        Ops.Sum(Ops.Mul(Ops.AddRelu(constant, a), upstream)).Backward();
        Assert.Equal(one, GradOf(a));
    }

    [Fact]
    public void AddRelu_RefusesInputsOfTwoShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.AddRelu(Tensor.Zeros(2, 3), Tensor.Zeros(3)));
        Assert.Contains("(2, 3)", e.Message, StringComparison.Ordinal);
    }
}
