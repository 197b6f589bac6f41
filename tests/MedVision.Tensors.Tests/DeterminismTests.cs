namespace MedVision.Tensors.Tests;

/// <summary>The same seed gives the same bytes, for any thread count.</summary>
[Collection(ThreadSettingGroup.Name)]
public sealed class DeterminismTests
{
    [Fact]
    public void TrainingStep_SameSeed_SameBytes_ForAnyThreadCount()
    {
        var saved = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 1;
            var reference = Step(seed: 5);
            Assert.Equal(reference, Step(seed: 5));
            foreach (var threads in new[] { 2, 3, 7 })
            {
                Parallelism.Threads = threads;
                Assert.Equal(reference, Step(seed: 5));
            }

            Assert.NotEqual(reference, Step(seed: 6));
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }

    [Theory]
    [InlineData(1)]   // one output row per band
    [InlineData(4)]   // 19 rows in five bands of three or four
    public void Conv2d_InRowBands_MatchesWholeSamples_AndKeepsItsBitsForAnyThreadCount(int bandRows)
    {
        var saved = Parallelism.Threads;
        var whole = Step(seed: 9);
        try
        {
            // The first convolution's columns are 3·9·17 floats per output row, the second's 8·9·17 (after pooling: 9).
            Ops.ColumnBudget = 100;
            Ops.BandBudget = 3 * 9 * 17 * bandRows;
            Parallelism.Threads = 1;
            var banded = Step(seed: 9);
            Assert.Equal(whole.Length, banded.Length);
            var scale = whole.Max(Math.Abs);
            Assert.All(whole.Zip(banded), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 1e-5f * scale, $"{pair.First} vs {pair.Second}"));
            Assert.NotEqual(whole, banded);   // the gradients were summed band by band, not in one product
            Parallelism.Threads = 3;
            Assert.Equal(banded, Step(seed: 9));
        }
        finally
        {
            Ops.ColumnBudget = 0;
            Ops.BandBudget = 0;
            Parallelism.Threads = saved;
        }
    }

    [Theory]
    [InlineData(1)]   // six units of one sample: side by side on 2 and 3 threads, one after another on 4
    [InlineData(2)]   // three units of two samples: side by side on 3 threads only
    public void Conv2dForward_InUnitsSideBySideOrInOrder_GivesTheBitsOfOneProduct(int samplesPerUnit)
    {
        var saved = Parallelism.Threads;
        var g = new Generator(4);
        var x = Tensor.Uniform(g, -1f, 1f, 6, 8, 12, 12);
        var w = Tensor.Uniform(g, -0.3f, 0.3f, 16, 8, 3, 3);
        var b = Tensor.Uniform(g, -0.3f, 0.3f, 16);
        var whole = Ops.Conv2d(x, w, b, padding: 1).ToArray();
        try
        {
            Ops.ColumnBudget = 8 * 9 * 12 * 12 * samplesPerUnit;
            foreach (var threads in new[] { 1, 2, 3, 4 })
            {
                Parallelism.Threads = threads;
                Assert.Equal(whole, Ops.Conv2d(x, w, b, padding: 1).ToArray());
            }
        }
        finally
        {
            Ops.ColumnBudget = 0;
            Parallelism.Threads = saved;
        }
    }

    /// <summary>A small CNN step (conv, batch norm, pooling, dropout, linear, BCE); returns the loss and all gradients.</summary>
    private static float[] Step(ulong seed)
    {
        var g = new Generator(seed);
        Tensor P(params int[] shape)
        {
            var t = Tensor.Uniform(g, -0.3f, 0.3f, shape);
            t.RequiresGrad = true;
            return t;
        }

        var w1 = P(8, 3, 3, 3);
        var b1 = P(8);
        var gamma = P(8);
        var beta = P(8);
        var w2 = P(16, 8, 3, 3);
        var fc = P(1, 16 * 4 * 4);
        var x = Tensor.Uniform(g, 0f, 1f, 6, 3, 19, 17);
        var y = Tensor.From([1f, 0f, 1f, 1f, 0f, 0f], 6, 1);
        var h = Ops.Relu(Ops.BatchNorm(Ops.Conv2d(x, w1, b1, padding: 1), Tensor.Zeros(8), Tensor.Ones(8), gamma, beta));
        h = Ops.MaxPool2d(h, 2);
        h = Ops.Dropout(h, 0.3f, training: true, g);
        h = Ops.AdaptiveAvgPool2d(Ops.Relu(Ops.Conv2d(h, w2, null, stride: 1, padding: 1)), 4, 4);
        var loss = Ops.BinaryCrossEntropyWithLogits(Ops.Linear(Ops.Flatten(h, 1), fc), y);
        loss.Backward();
        return [loss.Item(), .. new[] { w1, b1, gamma, beta, w2, fc }.SelectMany(p => p.Grad!.ToArray())];
    }
}
