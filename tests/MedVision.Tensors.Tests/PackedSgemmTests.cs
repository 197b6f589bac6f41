using MedVision.Tensors.Kernels;

namespace MedVision.Tensors.Tests;

/// <summary>A packed once (a convolution's weights) gives the bits of the product that packs A as it goes.</summary>
[Collection(ThreadSettingGroup.Name)]
public sealed class PackedSgemmTests
{
    [Theory]
    [InlineData(64, 448, 576, false, false)]    // resnet18 layer 1's forward band, AVX2 kernel where it is the only one
    [InlineData(576, 448, 64, true, false)]     // its input gradient: Wᵀ
    [InlineData(130, 70, 1000, false, false)]   // row blocks of 120, edge rows and three depth blocks
    [InlineData(131, 517, 385, true, true)]     // more columns than rows: each thread packs all of A (split by columns)
    [InlineData(257, 20, 33, false, true)]      // more rows than columns: split by rows, each thread its strips
    [InlineData(7, 2100, 9, true, false)]       // several column blocks of 2048
    public void Multiply_WithPackedA_GivesTheBitsOfTheUnpackedProduct(int m, int n, int k, bool transA, bool force256)
    {
        var (savedThreads, saved512) = (Parallelism.Threads, Sgemm.DisableVector512);
        var g = new Generator(11);
        var a = Random(g, m * k);
        var (lda, ldb, ldc) = (transA ? m : k, n + 3, n + 1);
        var b = Random(g, ((k - 1) * ldb) + n);
        var c0 = Random(g, ((m - 1) * ldc) + n);
        try
        {
            Sgemm.DisableVector512 = force256;
            // α = 1 packs row-major A through register transposes, other α through scalar copies.
            foreach (var (alpha, beta) in new[] { (1f, 0f), (1.5f, 0.5f) })
            {
                var expected = (float[])c0.Clone();
                Sgemm.Multiply(transA, false, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
                using var packed = Sgemm.Pack(transA, m, k, alpha, a, lda);
                foreach (var threads in new[] { 1, 2, 3 })
                {
                    Parallelism.Threads = threads;
                    var c = (float[])c0.Clone();
                    Sgemm.Multiply(packed, false, n, b, ldb, beta, c, ldc);
                    Assert.Equal(expected, c);
                }
            }
        }
        finally
        {
            (Parallelism.Threads, Sgemm.DisableVector512) = (savedThreads, saved512);
        }
    }

    [Fact]
    public void Multiply_WithPackedA_MatchesADoubleSum()
    {
        var g = new Generator(12);
        var (m, n, k) = (13, 17, 400);
        var a = Random(g, m * k);
        var b = Random(g, k * n);
        using var packed = Sgemm.Pack(false, m, k, 1f, a, k);
        var c = new float[m * n];
        Sgemm.Multiply(packed, false, n, b, n, 0f, c, n);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = 0.0;
                for (var p = 0; p < k; p++)
                {
                    s += (double)a[(i * k) + p] * b[(p * n) + j];
                }

                Assert.True(Math.Abs(c[(i * n) + j] - s) < 1e-4, $"({i}, {j}): {c[(i * n) + j]} vs {s}");
            }
        }
    }

    [Fact]
    public void Multiply_WithDisposedPackedA_IsAnError()
    {
        var packed = Sgemm.Pack(false, 2, 2, 1f, new float[4], 2);
        packed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Sgemm.Multiply(packed, false, 2, new float[4], 2, 0f, new float[4], 2));
    }

    [Fact]
    public void Multiply_WithPackedA_ChecksItsOperands()
    {
        using var packed = Sgemm.Pack(false, 4, 4, 1f, new float[16], 4);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Sgemm.Multiply(packed, false, 4, new float[15], 4, 0f, new float[16], 4)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Sgemm.Multiply(packed, false, 4, new float[16], 4, 0f, new float[15], 4)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Sgemm.Pack(false, 4, 4, 1f, new float[15], 4)).ParamName);
    }

    private static float[] Random(Generator g, int n)
    {
        var v = new float[n];
        g.FillUniform(v, -1f, 1f);
        return v;
    }
}
