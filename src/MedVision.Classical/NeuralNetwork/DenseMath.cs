using System.Numerics.Tensors;

namespace MedVision.Classical.NeuralNetwork;

/// <summary>Row-major dense products for the MLP, parallel over output rows when large.</summary>
internal static class DenseMath
{
    private const long ParallelThreshold = 1 << 18;

    /// <summary>C (m, n) += A (m, k) · B (k, n).</summary>
    public static void MultiplyAdd(double[] a, double[] b, double[] c, int m, int k, int n)
    {
        void Row(int i)
        {
            var ci = c.AsSpan(i * n, n);
            var ai = a.AsSpan(i * k, k);
            for (var t = 0; t < k; t++)
            {
                var v = ai[t];
                if (v != 0)
                {
                    TensorPrimitives.MultiplyAdd(b.AsSpan(t * n, n), v, ci, ci);
                }
            }
        }

        if ((long)m * k * n >= ParallelThreshold)
        {
            Parallel.For(0, m, Row);
        }
        else
        {
            for (var i = 0; i < m; i++)
            {
                Row(i);
            }
        }
    }

    /// <summary>C (k, n) += Aᵀ · B with A (m, k), B (m, n).</summary>
    public static void TransposeAMultiplyAdd(double[] a, double[] b, double[] c, int m, int k, int n)
    {
        void Row(int t)
        {
            var ct = c.AsSpan(t * n, n);
            for (var i = 0; i < m; i++)
            {
                var v = a[(i * k) + t];
                if (v != 0)
                {
                    TensorPrimitives.MultiplyAdd(b.AsSpan(i * n, n), v, ct, ct);
                }
            }
        }

        if ((long)m * k * n >= ParallelThreshold)
        {
            Parallel.For(0, k, Row);
        }
        else
        {
            for (var t = 0; t < k; t++)
            {
                Row(t);
            }
        }
    }

    /// <summary>C (m, k) = A (m, n) · Bᵀ with B (k, n).</summary>
    public static void MultiplyTransposeB(double[] a, double[] b, double[] c, int m, int n, int k)
    {
        for (var i = 0; i < m; i++)
        {
            var ai = a.AsSpan(i * n, n);
            for (var t = 0; t < k; t++)
            {
                c[(i * k) + t] = TensorPrimitives.Dot<double>(ai, b.AsSpan(t * n, n));
            }
        }
    }
}
