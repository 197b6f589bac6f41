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
}
