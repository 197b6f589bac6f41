namespace MedVision.Tensors.Kernels;

public static unsafe partial class Sgemm
{
    /// <summary>
    /// Packs α·op(A) (m×k; op and <paramref name="lda"/> as in <see cref="Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>)
    /// once into the micro-kernel's row strips, for several products with the same A and different B: a convolution's
    /// weights, unit after unit. <see cref="Multiply(PackedA, bool, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>
    /// then skips packing A and gives the bits of the unpacked call.
    /// </summary>
    internal static PackedA Pack(bool transA, int m, int k, float alpha, ReadOnlySpan<float> a, int lda)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckOperand(nameof(a), a.Length, transA ? k : m, transA ? m : k, lda);
        var tiling = Use512 ? Tiling512 : Tiling256;
        var padded = (m + tiling.MR - 1) / tiling.MR * tiling.MR;
        var packed = new PackedA(tiling, m, k, StoragePool.Rent(Math.Max(1, padded * k)), padded);
        if (m == 0 || k == 0)
        {
            return packed;
        }

        var kcStep = KcStep(tiling, k);
        fixed (float* pa = a, dst = packed.Buffer)
        {
            for (var pc = 0; pc < k; pc += kcStep)
            {
                PackA(tiling.MR, transA, pa, lda, 0, m, pc, Math.Min(kcStep, k - pc), alpha, dst + ((nint)pc * padded));
            }
        }

        return packed;
    }

    /// <summary>C = A·op(B) + β·C with A from <see cref="Pack"/> (α already applied): C is A.M × n, op(B) A.K × n.</summary>
    internal static void Multiply(PackedA a, bool transB, int n, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        ArgumentNullException.ThrowIfNull(a);
        ObjectDisposedException.ThrowIf(a.Buffer is null, a);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var (m, k) = (a.M, a.K);
        if (m == 0 || n == 0)
        {
            return;
        }

        CheckOperand(nameof(c), c.Length, m, n, ldc);
        if (k == 0)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        CheckOperand(nameof(b), b.Length, transB ? n : k, transB ? k : n, ldb);
        fixed (float* pa = a.Buffer, pb = b, pc = c)
        {
            Run(false, transB, m, n, k, 1f, null, 0, pb, ldb, beta, pc, ldc, new PackedRows((nint)pa, a.PaddedRows, 0, a.Tiling));
        }
    }

    /// <summary>
    /// op(A) in the micro-kernel's row strips, k block after k block (each all rows, padded to MR), in an array of the
    /// tensor pool (a training step asks for the same sizes every time); Dispose gives it back.
    /// </summary>
    internal sealed class PackedA(Tiling tiling, int m, int k, float[] buffer, int paddedRows) : IDisposable
    {
        public Tiling Tiling { get; } = tiling;

        public int M { get; } = m;

        public int K { get; } = k;

        public int PaddedRows { get; } = paddedRows;

        public float[]? Buffer { get; private set; } = buffer;

        public void Dispose()
        {
            if (Buffer is { } buffer)
            {
                Buffer = null;
                StoragePool.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Where a packed A lies for one task: <see cref="Base"/> (0: A is packed as the product goes), rows padded to MR
    /// in each k block, and the first row of the task's part.
    /// </summary>
    private readonly record struct PackedRows(nint Base, int PaddedRows, int Row0, Tiling Tiling);
}
