using MedVision.Tensors.Kernels;

namespace MedVision.Tensors.Tests;

/// <summary>How a convolution's batch is cut into units and its backward pass into runs: even pieces, by shape only.</summary>
[Collection(ThreadSettingGroup.Name)]
public sealed class ConvWorkCutTests
{
    // 256 channels, 3×3, 14×14 → 14×14: 256·9·196 = 451,584 column floats a sample.
    private static readonly ConvGeometry Layer = new(256, 14, 14, 3, 3, 1, 1, 1, 1, 1, 1, 14, 14);

    [Theory]
    [InlineData(9, 16, new[] { 8, 8 })]            // 9 fit: two chunks, 8 and 8 rather than 9 and 7
    [InlineData(3, 16, new[] { 2, 3, 3, 2, 3, 3 })] // 3 fit: six chunks of near-equal size
    [InlineData(2, 16, new[] { 2, 2, 2, 2, 2, 2, 2, 2 })]
    [InlineData(20, 16, new[] { 16 })]
    [InlineData(4, 5, new[] { 2, 3 })]
    public void Units_AreAsFewAsFit_OfNearEqualSize(int fit, int samples, int[] expected)
    {
        try
        {
            Ops.ColumnBudget = 256 * 9 * 196 * fit;
            var units = Ops.ConvUnits(Layer, samples);
            Assert.Equal(expected, units.Select(u => u.Count));
            Assert.All(units, u => Assert.Equal((0, 14), (u.Oh0, u.Oh1)));
            Assert.Equal(Enumerable.Range(0, samples), units.SelectMany(u => Enumerable.Range(u.N0, u.Count)));
        }
        finally
        {
            Ops.ColumnBudget = 0;
        }
    }

    [Theory]
    [InlineData(8, 7, 4)]    // the weight gradients' partial sums allow 7 runs: 4 runs of 2 samples
    [InlineData(16, 8, 8)]
    [InlineData(12, 8, 6)]
    [InlineData(7, 4, 4)]    // no count in [2, 4] divides 7: the limit
    [InlineData(4, 1, 1)]
    public void Runs_DivideTheSamplesEvenly_WhereTheLimitAllows(int samples, int limit, int expected) =>
        Assert.Equal(expected, Ops.EvenRuns(samples, limit));

    [Fact]
    public void Partitions_OfLayer3_AreFourRunsOfTwoUnits()
    {
        // resnet18's 256-256@14 layer at batch 16: eight units of two samples; its 589,824 weight floats allow 7 partial sums.
        var units = Ops.ConvUnits(Layer, 16);
        var parts = Ops.Partitions(units, 256 * 256 * 9);
        Assert.Equal([(0, 2), (2, 4), (4, 6), (6, 8)], parts);
    }

    [Fact]
    public void OneImage_IsCutIntoBandsTheThreadsShare_ForwardOnly()
    {
        // resnet18's 64-64@56 layer for one image: 7 bands of 8 rows (the shared cut) → 8 bands of 7 rows on 2 threads.
        var layer1 = new ConvGeometry(64, 56, 56, 3, 3, 1, 1, 1, 1, 1, 1, 56, 56);
        var units = Ops.ConvUnits(layer1, 1);
        Assert.Equal(7, units.Length);
        var before = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 2;
            Assert.Equal(Enumerable.Range(0, 8).Select(b => (b * 7, (b + 1) * 7)), Ops.ForwardUnits(layer1, 1, units).Select(u => (u.Oh0, u.Oh1)));
            Assert.Equal(2, Ops.ForwardUnits(Layer, 1, Ops.ConvUnits(Layer, 1)).Length);  // 14×14: two bands of 98 columns
            var batch = Ops.ConvUnits(layer1, 16);
            Assert.Same(batch, Ops.ForwardUnits(layer1, 16, batch)); // 112 units already run side by side
            Parallelism.Threads = 1;
            Assert.Same(units, Ops.ForwardUnits(layer1, 1, units));
        }
        finally
        {
            Parallelism.Threads = before;
        }
    }

    [Theory]
    [InlineData(64, 56, 1, 1)]
    [InlineData(128, 28, 1, 1)]
    [InlineData(256, 14, 1, 1)]
    [InlineData(64, 56, 2, 3)]
    public void TheBandsOfOneImage_GiveTheBitsOfTheSharedCut(int channels, int size, int stride, int samples)
    {
        var g = new Generator(22);
        var x = Tensor.Uniform(g, -1f, 1f, samples, channels, size, size);
        var w = Tensor.Uniform(g, -0.1f, 0.1f, 48, channels, 3, 3);
        var b = Tensor.Uniform(g, -0.1f, 0.1f, 48);
        var before = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 2;
            Ops.MinBandColumns = int.MaxValue;
            var shared = Ops.Conv2d(x, w, b, stride, 1).ToArray();
            Ops.MinBandColumns = 96;
            Assert.Equal(shared, Ops.Conv2d(x, w, b, stride, 1).ToArray());
        }
        finally
        {
            Parallelism.Threads = before;
            Ops.MinBandColumns = 0;
        }
    }

    [Theory]
    [InlineData(1)]   // one output column per product: the products run transposed, with the weights unpacked
    [InlineData(3)]
    [InlineData(16)]  // wide enough for packed weights
    public void NarrowAndWideProducts_MatchADirectSum_ForwardAndInputGradient(int samples)
    {
        var g = new Generator(21);
        var x = Tensor.Uniform(g, -1f, 1f, samples, 8, 3, 3);
        var w = Tensor.Uniform(g, -0.5f, 0.5f, 32, 8, 3, 3);
        x.RequiresGrad = true;
        var y = Ops.Conv2d(x, w);
        Assert.Equal([samples, 32, 1, 1], y.Shape);
        var dy = Tensor.Uniform(g, -1f, 1f, samples, 32, 1, 1);
        y.Backward(dy);
        var (xs, ws, ys, dys, dxs) = (x.ToArray(), w.ToArray(), y.ToArray(), dy.ToArray(), x.Grad!.ToArray());
        for (var n = 0; n < samples; n++)
        {
            for (var o = 0; o < 32; o++)
            {
                var sum = 0.0;
                for (var i = 0; i < 72; i++)
                {
                    sum += (double)xs[(n * 72) + i] * ws[(o * 72) + i];
                }

                Assert.Equal(sum, ys[(n * 32) + o], 1e-5);
            }

            for (var i = 0; i < 72; i++)
            {
                var sum = 0.0;
                for (var o = 0; o < 32; o++)
                {
                    sum += (double)ws[(o * 72) + i] * dys[(n * 32) + o];
                }

                Assert.Equal(sum, dxs[(n * 72) + i], 1e-5);
            }
        }
    }
}
