using MedVision.Nn.Patches;

namespace MedVision.Nn.Tests.Patches;

/// <summary>The eight symmetries of the square against NumPy's <c>rot90</c> and slicing, and the flips of non-square samples.</summary>
public sealed class DihedralTests
{
    // numpy.rot90(arange(9).reshape(1, 3, 3), k % 4, axes=(1, 2)), then [:, :, ::-1] when k >= 4.
    [Theory]
    [InlineData(0, new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData(1, new[] { 2, 5, 8, 1, 4, 7, 0, 3, 6 })]
    [InlineData(2, new[] { 8, 7, 6, 5, 4, 3, 2, 1, 0 })]
    [InlineData(3, new[] { 6, 3, 0, 7, 4, 1, 8, 5, 2 })]
    [InlineData(4, new[] { 2, 1, 0, 5, 4, 3, 8, 7, 6 })]
    [InlineData(5, new[] { 8, 5, 2, 7, 4, 1, 6, 3, 0 })]
    [InlineData(6, new[] { 6, 7, 8, 3, 4, 5, 0, 1, 2 })]
    [InlineData(7, new[] { 0, 3, 6, 1, 4, 7, 2, 5, 8 })]
    public void Square_MatchesNumpyRot90ThenFlip(int k, int[] expected)
    {
        // Two channels: each plane is transformed alike.
        var sample = Enumerable.Range(0, 9).Concat(Enumerable.Range(100, 9)).Select(v => (float)v).ToArray();
        Dihedral.Apply(sample, 3, 3, k);
        Assert.Equal(expected.Select(v => (float)v), sample[..9]);
        Assert.Equal(expected.Select(v => (float)(v + 100)), sample[9..]);
    }

    // arange(12).reshape(1, 3, 4) with [::-1, :], [::-1, ::-1] and [:, ::-1].
    [Theory]
    [InlineData(0, new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 })]
    [InlineData(1, new[] { 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3 })]
    [InlineData(6, new[] { 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 })]
    [InlineData(3, new[] { 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8 })]
    public void NonSquare_FlipsOnly(int k, int[] expected)
    {
        var sample = Enumerable.Range(0, 12).Select(v => (float)v).ToArray();
        Dihedral.Apply(sample, 3, 4, k);
        Assert.Equal(expected.Select(v => (float)v), sample);
    }

    [Fact]
    public void SoftmaxRow_MatchesTheSoftmaxOp_AndIsStableForLargeLogits()
    {
        float[] z = [1f, -2f, 0.5f, 3f];
        var p = new double[4];
        Softmax.Row(z, p);
        var op = new Softmax().Forward(Tensors.Tensor.From(z, 1, 4)).Data.ToArray();
        for (var c = 0; c < 4; c++)
        {
            Assert.Equal(op[c], p[c], 6);
        }

        Softmax.Row([1000f, 1000f], p.AsSpan(0, 2));
        Assert.Equal([0.5, 0.5], p[..2]);
        Assert.Throws<ArgumentException>(() => Softmax.Row(z, new double[3]));
    }

    [Fact]
    public void Apply_RefusesASymmetryOutsideZeroToSeven_AndPartialPlanes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Dihedral.Apply(new float[9], 3, 3, 8));
        Assert.Throws<ArgumentException>(() => Dihedral.Apply(new float[10], 3, 3, 1));
    }
}
