using MedVision.Tensors.Kernels;

namespace MedVision.Tensors.Tests;

/// <summary>The vectorised, chunked Adam step gives the scalar formula's bits, for any thread count and length.</summary>
[Collection(ThreadSettingGroup.Name)]
public sealed class AdamKernelTests
{
    [Theory]
    [InlineData(1, false, 0f)]
    [InlineData(7, false, 0.01f)]
    [InlineData(33, true, 0.05f)]
    [InlineData(100_003, false, 0.01f)]   // several chunks of 2¹⁵ and a vector tail
    [InlineData(100_003, true, 0.05f)]
    public void Step_MatchesTheScalarFormulaBitForBit_ForAnyThreadCount(int length, bool decoupled, float weightDecay)
    {
        var g = new Generator((ulong)length);
        var p0 = Tensor.Randn(g, length).ToArray();
        var grad = Tensor.Randn(g, length).ToArray();
        var m0 = (Tensor.Randn(g, length) * 0.1f).ToArray();
        var v0 = Tensor.Rand(g, length).ToArray();
        var k = new AdamCoefficients(0.9f, 0.999f, 1e-3f / (1 - 0.9f), MathF.Sqrt(1 - 0.999f), 1e-8f, weightDecay, 1 - (1e-3f * weightDecay), decoupled);
        var (p, m, v) = ((float[])p0.Clone(), (float[])m0.Clone(), (float[])v0.Clone());
        for (var i = 0; i < length; i++)
        {
            var gi = grad[i];
            if (decoupled)
            {
                p[i] *= k.Shrink;
            }
            else
            {
                gi += weightDecay * p[i];
            }

            m[i] = (m[i] * k.Beta1) + (gi * (1 - k.Beta1));
            v[i] = (v[i] * k.Beta2) + ((1 - k.Beta2) * gi * gi);
            p[i] += -k.StepSize * (m[i] / ((MathF.Sqrt(v[i]) / k.Bias2Sqrt) + k.Eps));
        }

        var saved = Parallelism.Threads;
        try
        {
            foreach (var threads in new[] { 1, 3 })
            {
                Parallelism.Threads = threads;
                var (pk, mk, vk) = ((float[])p0.Clone(), (float[])m0.Clone(), (float[])v0.Clone());
                AdamKernel.Step(pk, grad, mk, vk, k);
                Assert.Equal(p, pk);
                Assert.Equal(m, mk);
                Assert.Equal(v, vk);
                Assert.NotEqual(p0, pk);
            }
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }

    [Fact]
    public void Step_SpansOfDifferentLengths_AreArgumentErrors()
    {
        var k = new AdamCoefficients(0.9f, 0.999f, 1e-3f, 1f, 1e-8f, 0f, 1f, false);
        Assert.Throws<ArgumentException>(() => AdamKernel.Step(new float[4], new float[4], new float[3], new float[4], k));
    }
}
