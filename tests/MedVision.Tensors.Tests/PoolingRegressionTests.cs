namespace MedVision.Tensors.Tests;

public class PoolingRegressionTests
{
    [Fact]
    public void MaxPool2d_CeilModeOnOddSize_MatchesANaiveReferenceForwardAndBackward()
    {
        // 2×2 windows, stride 2, ceil mode on 25×25: 13×13 outputs, the last row and column of windows partial.
        const int n = 2, c = 32, h = 25, w = 25, oh = 13, ow = 13;
        var gen = new Generator(3);
        var x = Tensor.Randn(gen, n, c, h, w);
        x.RequiresGrad = true;

        var y = Ops.MaxPool2d(x, 2, ceilMode: true);
        Assert.Equal([n, c, oh, ow], y.ShapeArray());
        var dY = Tensor.Randn(gen, n, c, oh, ow);
        y.Backward(dY);

        var expected = new float[n * c * oh * ow];
        var expectedGrad = new float[x.Length];
        for (var plane = 0; plane < n * c; plane++)
        {
            for (var i = 0; i < oh; i++)
            {
                for (var j = 0; j < ow; j++)
                {
                    var best = float.NegativeInfinity;
                    var at = -1;
                    for (var di = 0; di < 2 && (2 * i) + di < h; di++)
                    {
                        for (var dj = 0; dj < 2 && (2 * j) + dj < w; dj++)
                        {
                            var index = (plane * h * w) + (((2 * i) + di) * w) + (2 * j) + dj;
                            if (x.Data[index] > best)
                            {
                                (best, at) = (x.Data[index], index);
                            }
                        }
                    }

                    var o = (plane * oh * ow) + (i * ow) + j;
                    expected[o] = best;
                    expectedGrad[at] += dY.Data[o];
                }
            }
        }

        Assert.Equal(expected, y.ToArray());
        Assert.Equal(expectedGrad, x.Grad!.ToArray());
    }

    [Theory]
    [InlineData(3, 2, 1, false, 112, 112)]
    [InlineData(3, 2, 1, true, 19, 23)]
    [InlineData(2, 1, 0, false, 9, 40)]
    [InlineData(3, 3, 1, true, 7, 5)]
    [InlineData(5, 2, 2, false, 33, 18)]
    public void MaxPool2d_WithoutGrad_GivesTheRecordedPathsValues_NaNIncluded(int kernel, int stride, int padding, bool ceil, int h, int w)
    {
        var gen = new Generator(8);
        var x = Tensor.Randn(gen, 2, 3, h, w);
        x.Data[5] = float.NaN;
        x.Data[x.Length - 7] = float.NaN;
        Tensor free;
        using (Autograd.GradMode.NoGrad())
        {
            free = Ops.MaxPool2d(x, kernel, stride, padding, ceil);
        }

        var leaf = x.Clone();
        leaf.RequiresGrad = true;
        var recorded = Ops.MaxPool2d(leaf, kernel, stride, padding, ceil);
        Assert.Equal(recorded.ShapeArray(), free.ShapeArray());
        for (var i = 0; i < free.Length; i++)
        {
            Assert.True(recorded.Data[i].Equals(free.Data[i]), $"output {i}: recorded {recorded.Data[i]}, no-grad {free.Data[i]}");
        }
    }
}
