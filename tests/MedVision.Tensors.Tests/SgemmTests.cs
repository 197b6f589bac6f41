using MedVision.Tensors.Kernels;

namespace MedVision.Tensors.Tests;

/// <summary>SGEMM against a naive double-precision reference on odd shapes and every transposition.</summary>
[Collection(ThreadSettingGroup.Name)]
public sealed class SgemmTests
{
    public static TheoryData<int, int, int, bool> OddShapes()
    {
        var shapes = new List<(int, int, int)>();
        int[] edges = [1, 5, 6, 7, 8, 15, 16, 17, 20, 33, 48, 120, 121, 257];
        var g = new Generator(7);
        foreach (var m in edges)
        {
            // every m with a few n, k drawn from the same edge list (all of 1…257 covered across m, n, k)
            var drawn = shapes.Count;
            while (shapes.Count < drawn + 3)
            {
                var shape = (m, edges[g.NextInt(edges.Length)], edges[g.NextInt(edges.Length)]);
                if (!shapes.Contains(shape))
                {
                    shapes.Add(shape);
                }
            }
        }

        shapes.Add((2, 2100, 3));     // several column blocks of 2048
        shapes.Add((9, 40, 1000));    // several depth blocks
        shapes.Add((130, 70, 385));   // row blocks and uneven depth blocks
        shapes.Add((100, 9, 300));    // narrow C, computed as its transpose
        shapes.Add((257, 1, 33));
        var data = new TheoryData<int, int, int, bool>();
        foreach (var (m, n, k) in shapes)
        {
            data.Add(m, n, k, false);
            data.Add(m, n, k, true);
        }

        return data;
    }

    /// <summary>Both micro-kernels (AVX-512 12×32 where available, and AVX2 6×16) on every shape.</summary>
    [Theory]
    [MemberData(nameof(OddShapes))]
    public void Multiply_AllTranspositions_MatchNaiveReference(int m, int n, int k, bool force256)
    {
        var saved = Sgemm.DisableVector512;
        Sgemm.DisableVector512 = force256;
        try
        {
            CheckAllTranspositions(m, n, k);
        }
        finally
        {
            Sgemm.DisableVector512 = saved;
        }
    }

    private static void CheckAllTranspositions(int m, int n, int k)
    {
        var g = new Generator((ulong)((m * 1000003) + (n * 1009) + k));
        // α = 1 packs A through register transposes, any other α scales it while packing.
        foreach (var alpha in new[] { 1f, 0.75f })
        {
            foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
            {
                var a = Random(g, m * k);
                var b = Random(g, k * n);
                var c = Random(g, m * n);
                var expected = Reference(ta, tb, m, n, k, alpha, a, b, -0.5f, c);
                Sgemm.Multiply(ta, tb, m, n, k, alpha, a, ta ? m : k, b, tb ? k : n, -0.5f, c, n);
                AssertClose(expected, c, k, $"{m}x{n}x{k} α={alpha} tA={ta} tB={tb}");
            }
        }
    }

    /// <summary>
    /// Edge tiles (a few rows, at most 16 columns) are computed by narrower variants of the micro-kernel; each element
    /// must still be the same chain of multiply-adds, so a corner of C computed as an edge equals, to the bit, the
    /// same corner computed inside full tiles.
    /// </summary>
    [Theory]
    [InlineData(false, 300)]
    [InlineData(true, 300)]
    [InlineData(false, 7)]
    public void Multiply_EdgeTiles_GiveTheBitsOfFullTiles(bool force256, int k)
    {
        var saved = Sgemm.DisableVector512;
        Sgemm.DisableVector512 = force256;
        try
        {
            const int m = 48;
            const int n = 64;
            var g = new Generator(11);
            var a = Random(g, m * k);
            var b = Random(g, k * n);
            var whole = new float[m * n];
            Sgemm.Multiply(m, n, k, a, b, whole);
            foreach (var (rows, cols) in new[] { (4, 16), (8, 16), (20, 48), (44, 40), (3, 5), (12, 32) })
            {
                var part = new float[rows * cols];
                Sgemm.Multiply(false, false, rows, cols, k, 1f, a, k, b, n, 0f, part, cols);
                for (var i = 0; i < rows; i++)
                {
                    for (var j = 0; j < cols; j++)
                    {
                        Assert.Equal(BitConverter.SingleToInt32Bits(whole[(i * n) + j]), BitConverter.SingleToInt32Bits(part[(i * cols) + j]));
                    }
                }
            }
        }
        finally
        {
            Sgemm.DisableVector512 = saved;
        }
    }

    [Fact]
    public void Multiply_BetaZero_IgnoresNaNInC()
    {
        var a = new float[] { 1, 2, 3, 4 };
        var b = new float[] { 1, 0, 0, 1 };
        var c = new float[] { float.NaN, float.NaN, float.NaN, float.NaN };
        Sgemm.Multiply(2, 2, 2, a, b, c);
        Assert.Equal(a, c);
    }

    [Fact]
    public void Multiply_WithLeadingDimensions_TouchesOnlyTheSubmatrix()
    {
        // A 3×2 inside a 3×4 buffer, B 2×2 inside 2×3, C 3×2 inside 3×5.
        var a = new float[] { 1, 2, 99, 99, 3, 4, 99, 99, 5, 6, 99, 99 };
        var b = new float[] { 1, 2, 99, 3, 4, 99 };
        var c = Enumerable.Repeat(-7f, 15).ToArray();
        Sgemm.Multiply(false, false, 3, 2, 2, 1f, a, 4, b, 3, 0f, c, 5);
        Assert.Equal(new float[] { 7, 10, -7, -7, -7, 15, 22, -7, -7, -7, 23, 34, -7, -7, -7 }, c);
    }

    [Fact]
    public void Multiply_RowStridedA_PackedThroughTransposes_ReadsOnlyItsRows()
    {
        // 13 rows (8 + 4 + 1) of depth 19 (two blocks of 8 and a tail) inside a buffer of row stride 23 full of NaN.
        const int m = 13, n = 20, k = 19, lda = 23;
        var g = new Generator(5);
        var dense = Random(g, m * k);
        var strided = Enumerable.Repeat(float.NaN, ((m - 1) * lda) + k).ToArray();
        for (var i = 0; i < m; i++)
        {
            dense.AsSpan(i * k, k).CopyTo(strided.AsSpan(i * lda, k));
        }

        var b = Random(g, k * n);
        var c = new float[m * n];
        Sgemm.Multiply(false, false, m, n, k, 1f, strided, lda, b, n, 0f, c, n);
        AssertClose(Reference(false, false, m, n, k, 1f, dense, b, 0f, new float[m * n]), c, k, "strided A");
    }

    [Fact]
    public void Multiply_KZero_ScalesC()
    {
        var c = new float[] { 2, 4 };
        Sgemm.Multiply(false, false, 1, 2, 0, 1f, [], 1, [], 2, 0.5f, c, 2);
        Assert.Equal(new float[] { 1, 2 }, c);
    }

    [Fact]
    public void Multiply_TooShortOperand_IsArgumentError()
    {
        var error = Assert.Throws<ArgumentException>(() => Sgemm.Multiply(4, 4, 4, new float[15], new float[16], new float[16]));
        Assert.Equal("a", error.ParamName);
    }

    [Fact]
    public void Multiply_SameBitsForAnyThreadCount()
    {
        var g = new Generator(3);
        var (m, n, k) = (131, 517, 300);
        var a = Random(g, m * k);
        var b = Random(g, k * n);
        float[]? first = null;
        var saved = Parallelism.Threads;
        try
        {
            foreach (var threads in new[] { 1, 2, 3, 8 })
            {
                Parallelism.Threads = threads;
                var c = new float[m * n];
                Sgemm.Multiply(m, n, k, a, b, c);
                first ??= c;
                Assert.Equal(first, c);
            }
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }

    private static float[] Random(Generator g, int n)
    {
        var v = new float[n];
        g.FillUniform(v, -1f, 1f);
        return v;
    }

    private static double[] Reference(bool ta, bool tb, int m, int n, int k, float alpha, float[] a, float[] b, float beta, float[] c)
    {
        var r = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = 0.0;
                for (var p = 0; p < k; p++)
                {
                    var av = ta ? a[(p * m) + i] : a[(i * k) + p];
                    var bv = tb ? b[(j * k) + p] : b[(p * n) + j];
                    s += (double)av * bv;
                }

                r[(i * n) + j] = (alpha * s) + (beta * (double)c[(i * n) + j]);
            }
        }

        return r;
    }

    private static void AssertClose(double[] expected, float[] actual, int k, string what)
    {
        var tol = 1e-6 * Math.Max(k, 1) * 4;
        for (var i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= tol + (1e-5 * Math.Abs(expected[i]))))
            {
                Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]}");
            }
        }
    }
}
