namespace MedVision.Tensors.Tests;

public class TensorScopeTests
{
    private static (Tensor X, Tensor W) Inputs()
    {
        var g = new Generator(4);
        var x = Tensor.Randn(g, 8, 1024);
        var w = Tensor.Randn(g, 16, 1024);
        w.RequiresGrad = true;
        return (x, w);
    }

    [Fact]
    public void Intermediates_AreReleasedAtTheEnd_AndLeavesAndGradientsAreKept()
    {
        var (x, w) = Inputs();
        var wBefore = w.ToArray();
        Tensor hidden, loss;
        float value;
        using (var scope = TensorScope.Begin())
        {
            hidden = Ops.Relu(Ops.Mul(x, Ops.Sum(w)));
            loss = Ops.Mean(hidden);
            value = loss.Item();
            loss.Backward();
            Assert.True(scope.Count >= 4, $"{scope.Count} intermediates"); // sum, mul, relu, mean (and what mean is built from)
        }

        Assert.True(float.IsFinite(value));
        Assert.Throws<ObjectDisposedException>(() => hidden.ToArray());
        Assert.Throws<ObjectDisposedException>(() => loss.Item());
        Assert.Equal(wBefore, w.ToArray());
        Assert.NotNull(w.Grad);
        Assert.Equal(w.Length, w.Grad!.ToArray().Length);
        Assert.Equal(8 * 1024, x.ToArray().Length);
    }

    [Fact]
    public void TheNextStep_ReusesTheReleasedBuffers_AndComputesTheSameNumbers()
    {
        var (x, w) = Inputs();
        float[]? first = null;
        float[]? firstResult = null;
        for (var step = 0; step < 2; step++)
        {
            using var scope = TensorScope.Begin();
            var y = Ops.Mul(x, Ops.Sum(w));
            if (first is null)
            {
                first = y.Storage;
                firstResult = y.ToArray();
            }
            else
            {
                Assert.Same(first, y.Storage);
                Assert.Equal(firstResult, y.ToArray());
            }
        }
    }

    [Fact]
    public void KeptDetachedAndClonedTensors_SurviveTheScope()
    {
        var (x, w) = Inputs();
        Tensor kept, viewOfKept, detached, cloned;
        float[] expected;
        using (var scope = TensorScope.Begin())
        {
            var y = Ops.Mul(x, Ops.Sum(w));
            expected = y.ToArray();
            kept = scope.Keep(Ops.Relu(y));
            viewOfKept = Ops.Reshape(kept, -1);
            detached = Ops.Mul(y, Ops.Sum(w)).Detach();
            cloned = y.Clone();
        }

        Assert.Equal(expected.Select(v => Math.Max(v, 0f)), kept.ToArray());
        Assert.Equal(kept.ToArray(), viewOfKept.ToArray());
        Assert.Equal(x.Length, detached.ToArray().Length);
        Assert.Equal(expected, cloned.ToArray());

        // Nothing kept may be handed out again.
        using (TensorScope.Begin())
        {
            var again = Ops.Relu(Ops.Mul(x, Ops.Sum(w)));
            Assert.NotSame(kept.Storage, again.Storage);
            Assert.NotSame(detached.Storage, again.Storage);
        }

        Assert.Equal(expected.Select(v => Math.Max(v, 0f)), kept.ToArray());
    }

    [Fact]
    public void AViewOfALeaf_IsReleasedButTheLeafStorageIsNeverReturned()
    {
        var (_, w) = Inputs();
        var before = w.ToArray();
        Tensor view;
        using (TensorScope.Begin())
        {
            view = Ops.Reshape(w, -1);
            Assert.Same(w.Storage, view.Storage);
        }

        Assert.Throws<ObjectDisposedException>(() => view.ToArray());
        using (TensorScope.Begin())
        {
            var other = Ops.Mul(Ops.Reshape(w, -1), Ops.Sum(w));
            Assert.NotSame(w.Storage, other.Storage);
        }

        Assert.Equal(before, w.ToArray());
    }

    [Fact]
    public void Scopes_Nest_AndMustCloseInOrder()
    {
        var (x, w) = Inputs();
        var outer = TensorScope.Begin();
        var a = Ops.Mul(x, Ops.Sum(w));
        var inner = TensorScope.Begin();
        var b = Ops.Relu(a);
        Assert.Throws<InvalidOperationException>(outer.Dispose);
        inner.Dispose();
        Assert.Throws<ObjectDisposedException>(() => b.ToArray());
        Assert.Equal(x.Length, a.ToArray().Length);
        outer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => a.ToArray());
    }

    [Fact]
    public void AnEverythingScope_ReleasesNoGradOutputsAndFactoryTensors_ButNotOutsideStorage()
    {
        var (x, w) = Inputs();
        var wrapped = Tensor.Wrap(new float[8 * 1024], 8, 1024);
        Tensor product, zeros, viewOfInput, viewOfProduct, kept;
        float[] expected;
        using (Autograd.GradMode.NoGrad())
        {
            using var scope = TensorScope.Begin(everything: true);
            product = Ops.Mul(x, 3f);
            expected = product.ToArray();
            zeros = Tensor.Zeros(64, 128);
            viewOfInput = Ops.Reshape(x, -1);
            viewOfProduct = Ops.Reshape(product, -1);
            kept = scope.Keep(Ops.Relu(product));
            _ = Ops.Add(wrapped, x);
        }

        Assert.Throws<ObjectDisposedException>(() => product.ToArray());
        Assert.Throws<ObjectDisposedException>(() => zeros.ToArray());
        Assert.Throws<ObjectDisposedException>(() => viewOfProduct.ToArray());
        Assert.Equal(x.ToArray(), viewOfInput.ToArray());
        Assert.Equal(expected.Select(v => Math.Max(v, 0f)), kept.ToArray());
        Assert.Equal(8 * 1024, wrapped.ToArray().Length);

        // The released buffers are handed out again; the inputs and the kept tensor are not.
        using (Autograd.GradMode.NoGrad())
        {
            using var scope = TensorScope.Begin(everything: true);
            var again = Ops.Mul(x, 3f);
            Assert.Equal(expected, again.ToArray());
            Assert.NotSame(x.Storage, again.Storage);
            Assert.NotSame(kept.Storage, again.Storage);
            Assert.NotSame(w.Storage, again.Storage);
        }
    }

    [Fact]
    public void AnEverythingScope_NeverReturnsABufferTwice()
    {
        var (x, _) = Inputs();
        float[] first;
        using (Autograd.GradMode.NoGrad())
        {
            using var scope = TensorScope.Begin(everything: true);
            var a = Ops.Mul(x, 2f);
            first = a.Storage;
            StoragePool.Return(a.Storage); // given back early, as backward passes do with temporaries
        }

        var one = StoragePool.Rent(first.Length);
        var two = StoragePool.Rent(first.Length);
        Assert.NotSame(one, two);
    }

    [Fact]
    public void Recycle_GivesASpentIntermediateBackAtOnce_InAnInferenceScopeOnly()
    {
        // An odd length no other test asks for, so that the buffer given back is the one handed out next.
        var x = Tensor.Randn(new Generator(6), 3, 7927);
        float[] recycled;
        float[] relu;
        using (Autograd.GradMode.NoGrad())
        {
            using var scope = TensorScope.Begin(everything: true);
            var a = Ops.Mul(x, 2f);
            var b = Ops.Relu(a);
            relu = b.ToArray();
            var kept = scope.Keep(Ops.Mul(x, 4f));
            Assert.False(TensorScope.Recycle(x, b));                  // rented outside the scope: the caller's
            Assert.False(TensorScope.Recycle(a, Ops.Reshape(a, -1))); // a live view shares its storage
            Assert.False(TensorScope.Recycle(kept, b));               // kept past the scope
            Assert.Equal(8f * x.ToArray()[0], 2f * kept.ToArray()[0]);

            recycled = a.Storage;
            Assert.True(TensorScope.Recycle(a, b));
            Assert.Throws<ObjectDisposedException>(() => a.ToArray());
            Assert.False(TensorScope.Recycle(a, b));

            var c = Ops.Mul(x, 5f);
            Assert.Same(recycled, c.Storage);
            Assert.Equal(x.ToArray().Select(v => 5f * v), c.ToArray());
            Assert.Equal(relu, b.ToArray());
        }

        // The scope's end gave the buffer back once, not once for a and once for c.
        Assert.NotSame(StoragePool.Rent(recycled.Length), StoragePool.Rent(recycled.Length));

        // Recording on, or a scope that owns only recorded intermediates: nothing goes back early.
        using (TensorScope.Begin(everything: true))
        {
            var a = Ops.Mul(x, 2f);
            Assert.False(TensorScope.Recycle(a, x));
            Assert.Equal(2f * x.ToArray()[1], a.ToArray()[1]);
        }

        using (Autograd.GradMode.NoGrad())
        {
            using var scope = TensorScope.Begin();
            var a = Ops.Mul(x, 2f);
            Assert.False(TensorScope.Recycle(a, x));
        }
    }

    [Fact]
    public void ReleaseGrad_ClearsTheGradient_AndTheOldTensorFailsLoudly()
    {
        var (x, w) = Inputs();
        Ops.Sum(Ops.Mul(w, 2f)).Backward();
        var first = w.Grad!;
        w.ReleaseGrad();
        Assert.Null(w.Grad);
        Assert.Throws<ObjectDisposedException>(() => first.ToArray());

        // The buffer went back to the pool (the Mul output or the new gradient reuses it); the numbers are fresh.
        Ops.Sum(Ops.Mul(w, 3f)).Backward();
        Assert.All(w.Grad!.ToArray(), g => Assert.Equal(3f, g));
        Assert.Equal(8 * 1024, x.Length);
    }
}
