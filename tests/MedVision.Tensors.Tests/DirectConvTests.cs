using MedVision.Tensors.Kernels;

namespace MedVision.Tensors.Tests;

[Collection(ThreadSettingGroup.Name)]
public class DirectConvTests
{
    public static TheoryData<int, int, int, int, int, bool, bool> Layers()
    {
        var data = new TheoryData<int, int, int, int, int, bool, bool>();
        foreach (var force256 in new[] { false, true })
        {
            // channels, kernel, padding, height, width, bias, 256-bit kernels where 512-bit ones are accelerated
            data.Add(1, 3, 1, 60, 60, true, force256);
            data.Add(1, 3, 0, 20, 17, false, force256);
            data.Add(3, 3, 1, 9, 33, true, force256);
            data.Add(1, 5, 2, 7, 16, true, force256);
            data.Add(2, 3, 2, 5, 40, false, force256);
            data.Add(1, 3, 1, 6, 11, true, force256);
        }

        return data;
    }

    /// <summary>The direct first-layer kernels give the im2col + GEMM results: output (bit for bit), input gradient, weight gradient and bias gradient.</summary>
    [Theory]
    [MemberData(nameof(Layers))]
    public void DirectKernels_MatchTheGemmPath(int channels, int kernel, int padding, int h, int w, bool withBias, bool force256)
    {
        var saved = DirectConv.DisableVector512;
        DirectConv.DisableVector512 = force256;
        float[][] direct, gemm;
        try
        {
            direct = Run(false, channels, kernel, padding, h, w, withBias);
            gemm = Run(true, channels, kernel, padding, h, w, withBias);
        }
        finally
        {
            DirectConv.DisableVector512 = saved;
        }

        // The output is summed in the GEMM path's order (taps from zero, then the bias): the same bits.
        Assert.Equal(gemm[0], direct[0]);
        for (var i = 1; i < direct.Length; i++)
        {
            Assert.Equal(gemm[i].Length, direct[i].Length);
            for (var j = 0; j < gemm[i].Length; j++)
            {
                Assert.True(Math.Abs(gemm[i][j] - direct[i][j]) <= 1e-4 * (1 + Math.Abs(gemm[i][j])), $"result {i}[{j}]: GEMM {gemm[i][j]}, direct {direct[i][j]}");
            }
        }
    }

    [Fact]
    public void TheDirectPath_IsTakenForAGreyFirstLayer()
    {
        var g = new ConvGeometry(1, 60, 60, 3, 3, 1, 1, 1, 1, 1, 1, 60, 60);
        var vectors = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated
            || (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported);
        Assert.Equal(vectors, DirectConv.Applies(g, 1));
        // Narrower than the vector lanes: the GEMM path.
        Assert.False(DirectConv.Applies(g with { Width = 7, OutW = 7 }, 1));
        Assert.False(DirectConv.Applies(g with { StrideH = 2, StrideW = 2, OutH = 30, OutW = 30 }, 1));
        Assert.False(DirectConv.Applies(g with { Channels = 64 }, 1));
    }

    /// <summary>
    /// A sample convolved alone (one-sample chunk: the product goes straight into y, and dY is used in place) gives the
    /// values, input gradient and weight gradient of the same sample inside a batch (a multi-sample chunk).
    /// </summary>
    [Fact]
    public void OneSampleChunks_GiveTheResultsOfMultiSampleChunks()
    {
        var gen = new Generator(12);
        var weight = Tensor.Randn(gen, 8, 16, 3, 3);
        weight.RequiresGrad = true;
        var bias = Tensor.Randn(gen, 8);
        var batch = Tensor.Randn(gen, 4, 16, 12, 12);
        batch.RequiresGrad = true;
        var dY = Tensor.Randn(gen, 4, 8, 12, 12);
        var y = Ops.Conv2d(batch, weight, bias, padding: 1);
        y.Backward(dY);
        var batchWeightGrad = weight.Grad!.ToArray();
        var summedWeightGrad = new float[batchWeightGrad.Length];
        for (var i = 0; i < 4; i++)
        {
            weight.ZeroGrad();
            var sample = Tensor.From(batch.Data.Slice(i * 16 * 144, 16 * 144), 1, 16, 12, 12);
            sample.RequiresGrad = true;
            var alone = Ops.Conv2d(sample, weight, bias, padding: 1);
            AssertClose(y.Data.Slice(i * 8 * 144, 8 * 144).ToArray(), alone.ToArray());
            alone.Backward(Tensor.From(dY.Data.Slice(i * 8 * 144, 8 * 144), 1, 8, 12, 12));
            AssertClose(batch.Grad!.Data.Slice(i * 16 * 144, 16 * 144).ToArray(), sample.Grad!.ToArray());
            for (var j = 0; j < summedWeightGrad.Length; j++)
            {
                summedWeightGrad[j] += weight.Grad!.Data[j];
            }
        }

        AssertClose(batchWeightGrad, summedWeightGrad);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var j = 0; j < expected.Length; j++)
        {
            Assert.True(Math.Abs(expected[j] - actual[j]) <= 1e-4 * (1 + Math.Abs(expected[j])), $"value {j}: expected {expected[j]}, got {actual[j]}");
        }
    }

    private static float[][] Run(bool disable, int channels, int kernel, int padding, int h, int w, bool withBias)
    {
        var gen = new Generator(9);
        var x = Tensor.Randn(gen, 3, channels, h, w);
        x.RequiresGrad = true;
        var weight = Tensor.Randn(gen, 5, channels, kernel, kernel);
        weight.RequiresGrad = true;
        var bias = withBias ? Tensor.Randn(gen, 5) : null;
        if (bias is not null)
        {
            bias.RequiresGrad = true;
        }

        var saved = DirectConv.Disable;
        DirectConv.Disable = disable;
        try
        {
            var y = Ops.Conv2d(x, weight, bias, padding: padding);
            var dY = Tensor.Randn(new Generator(10), y.ShapeArray());
            var result = y.ToArray();
            y.Backward(dY);
            return [result, x.Grad!.ToArray(), weight.Grad!.ToArray(), bias?.Grad!.ToArray() ?? []];
        }
        finally
        {
            DirectConv.Disable = saved;
        }
    }
}
