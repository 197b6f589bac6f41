namespace MedVision.Tensors.Tests;

/// <summary>
/// The pool hands out arrays of up to twice the asked length, so every op must use a tensor's <see cref="Tensor.Length"/>
/// and never its storage's. Each test starts from an empty pool; its lengths are odd primes times small factors, which no other test asks for.
/// </summary>
public class StoragePoolTests
{
    [Fact]
    public void ARequest_TakesAnExactFitFirst_ThenTheShortestArrayOfUpToTwiceItsLength()
    {
        StoragePool.Clear();
        const int length = 7919 * 3;
        var longer = new float[(length * 3) / 2];
        var longest = new float[(length * 19) / 10];
        var exact = new float[length];
        StoragePool.Return(longest);
        StoragePool.Return(longer);
        StoragePool.Return(exact);

        Assert.Same(exact, StoragePool.Rent(length));
        Assert.Same(longer, StoragePool.Rent(length));
        Assert.Same(longest, StoragePool.Rent(length));
    }

    [Fact]
    public void AnArrayOfMoreThanTwiceTheLength_IsNotHandedOut()
    {
        StoragePool.Clear();
        const int length = 7907 * 3;
        var tooLong = new float[(2 * length) + 1];
        StoragePool.Return(tooLong);

        var rented = StoragePool.Rent(length);

        Assert.NotSame(tooLong, rented);
        Assert.Equal(length, rented.Length);
        Assert.Same(tooLong, StoragePool.Rent(tooLong.Length));
    }

    [Fact]
    public void RentWithClear_ZeroesTheWholeArray_EvenWhenItIsLonger()
    {
        StoragePool.Clear();
        const int length = 7901 * 3;
        var dirty = new float[(length * 5) / 4];
        Array.Fill(dirty, float.NaN);
        StoragePool.Return(dirty);

        var rented = StoragePool.Rent(length, clear: true);

        Assert.Same(dirty, rented);
        Assert.All(rented, v => Assert.Equal(0f, v));
    }

    /// <summary>
    /// A small network's forward and backward pass gives the same bits after the pool has been filled with longer
    /// arrays full of NaN: no op reads or sums past the end of a tensor, and none depends on which array it got.
    /// </summary>
    [Fact]
    public void ForwardAndBackward_AreUnchanged_OverLongerBuffersFullOfNaN()
    {
        var clean = Step();
        StoragePool.Clear(); // so that no exact fit is left from the first pass
        for (var length = 4096.0; length < 1 << 17; length *= 1.15)
        {
            for (var copy = 0; copy < 6; copy++)
            {
                var garbage = new float[(int)length];
                Array.Fill(garbage, float.NaN);
                StoragePool.Return(garbage);
            }
        }

        var reused = Step();
        StoragePool.Clear(); // leave no NaN buffers to other tests

        for (var i = 0; i < clean.Length; i++)
        {
            Assert.All(reused[i], v => Assert.True(float.IsFinite(v)));
            Assert.Equal(clean[i], reused[i]);
        }
    }

    /// <summary>
    /// A convolution's weight gradient is summed in runs of samples whose number depends on the weight's length (8
    /// samples of 256 channels at 14² with a 3×3 kernel: four runs for its 589,824 values, three had the cut read the
    /// 1.1 M of the longer pooled array its gradient gets here); which array the gradient gets must not change the bits.
    /// </summary>
    [Fact]
    public void ConvWeightGradient_IsUnchanged_WhenItsPooledArrayIsLonger()
    {
        var clean = ConvGradients();
        StoragePool.Clear();
        for (var copy = 0; copy < 4; copy++)
        {
            var garbage = new float[(256 * 256 * 9 * 19) / 10];
            Array.Fill(garbage, float.NaN);
            StoragePool.Return(garbage);
        }

        var reused = ConvGradients();
        StoragePool.Clear();

        Assert.Equal(clean.Weight, reused.Weight);
        Assert.Equal(clean.Input, reused.Input);
    }

    private static (float[] Weight, float[] Input) ConvGradients()
    {
        var g = new Generator(13);
        var x = Tensor.Randn(g, 8, 256, 14, 14);
        var w = Tensor.Randn(g, 256, 256, 3, 3);
        var dy = Tensor.Randn(g, 8, 256, 14, 14);
        x.RequiresGrad = true;
        w.RequiresGrad = true;
        using (TensorScope.Begin())
        {
            Ops.Sum(Ops.Mul(Ops.Conv2d(x, w, padding: 1), dy)).Backward();
        }

        return (w.Grad!.ToArray(), x.Grad!.ToArray());
    }

    private static float[][] Step()
    {
        var g = new Generator(11);
        var x = Tensor.Randn(g, 3, 2, 20, 20);
        var conv = Tensor.Randn(g, 8, 2, 3, 3);
        var gamma = Tensor.Randn(g, 8);
        var beta = Tensor.Randn(g, 8);
        var fc = Tensor.Randn(g, 5, 8 * 10 * 10);
        foreach (var p in new[] { conv, gamma, beta, fc })
        {
            p.RequiresGrad = true;
        }

        float[] logits;
        float loss;
        using (TensorScope.Begin())
        {
            var h = Ops.Relu(Ops.BatchNorm(Ops.Conv2d(x, conv, padding: 1), null, null, gamma, beta));
            var y = Ops.Linear(Ops.Flatten(Ops.MaxPool2d(h, 2), 1), fc);
            logits = y.ToArray();
            // Both reductions run over pooled storage (h holds 9,600 values).
            var objective = Ops.Add(Ops.Mean(Ops.Mul(y, y)), Ops.Mul(Ops.Mean(Ops.Mul(h, h)), 0.1f));
            loss = objective.Item();
            objective.Backward();
        }

        return [[loss], logits, conv.Grad!.ToArray(), gamma.Grad!.ToArray(), beta.Grad!.ToArray(), fc.Grad!.ToArray()];
    }
}
