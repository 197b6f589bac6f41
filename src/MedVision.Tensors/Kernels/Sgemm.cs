using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MedVision.Tensors.Kernels;

/// <summary>
/// Single-precision general matrix multiply, row-major: <c>C = α·op(A)·op(B) + β·C</c> with op(A) m×k,
/// op(B) k×n, C m×n (BLAS <c>sgemm</c>, row-major). Goto/BLIS structure: B is packed into k×NR column strips
/// and A into MR×k row strips inside cache-sized blocks (k ≤ KC, MC rows of A, 2048 columns of B), and a
/// register-blocked micro-kernel computes each MR×NR tile: 12×32 with 24 AVX-512 accumulators where 512-bit
/// vectors are accelerated, else 6×16 with 12 AVX2/FMA accumulators, else a scalar kernel. C is cut into one
/// rectangle per thread; every element is summed over k in the same order whatever the thread count, so
/// results are bit-identical across thread counts (for one kernel choice).
/// </summary>
public static unsafe partial class Sgemm
{
    private const int NC = 2048;
    private static readonly Tiling Tiling256 = new(6, 16, 384, 120);
    private static readonly Tiling Tiling512 = new(12, 32, 256, 120);

    /// <summary>Forces the 256-bit kernel even where 512-bit vectors are accelerated (tests cover both paths).</summary>
    internal static bool DisableVector512 { get; set; }

    private static bool Use512 => Vector512.IsHardwareAccelerated && Avx512F.IsSupported && !DisableVector512;

    /// <summary>C (m×n) = A (m×k) · B (k×n), all dense row-major.</summary>
    public static void Multiply(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c) =>
        Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);

    /// <summary>
    /// C = α·op(A)·op(B) + β·C. op(A) is A (m×k, row stride <paramref name="lda"/>) or, with
    /// <paramref name="transA"/>, the transpose of a k×m matrix; likewise op(B) with <paramref name="transB"/>.
    /// With β = 0, C is only written (its previous contents, NaN included, are ignored), as in BLAS.
    /// </summary>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (m == 0 || n == 0)
        {
            return;
        }

        CheckOperand(nameof(c), c.Length, m, n, ldc);
        if (k == 0 || alpha == 0f)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        CheckOperand(nameof(a), a.Length, transA ? k : m, transA ? m : k, lda);
        CheckOperand(nameof(b), b.Length, transB ? n : k, transB ? k : n, ldb);
        fixed (float* pa = a, pb = b, pc = c)
        {
            Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, default);
        }
    }

    private static void CheckOperand(string name, int length, int rows, int cols, int ld)
    {
        if (ld < cols)
        {
            throw new ArgumentException($"leading dimension of {name} must be ≥ {cols}, got {ld}", name);
        }

        if ((long)(rows - 1) * ld + cols > length)
        {
            throw new ArgumentException($"{name} must hold a {rows}×{cols} matrix with row stride {ld} ({(long)(rows - 1) * ld + cols} values), got {length}", name);
        }
    }

    private static void ScaleC(int m, int n, float beta, Span<float> c, int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else if (beta != 1f)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    /// <summary>
    /// C = α·op(A)·op(B) + β·C on the calling flow's threads; with <c>packed.Base</c> set, A comes already packed
    /// (<see cref="PackedA"/>) and <c>a</c> is unused.
    /// </summary>
    private static void Run(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, PackedRows packed)
    {
        // One rectangle of C per task: split the longer side so that each task's duplicated packing of the
        // other operand stays small next to its multiply-adds.
        var tiling = packed.Base != 0 ? packed.Tiling : Use512 ? Tiling512 : Tiling256;
        var (mrSize, nrSize) = (tiling.MR, tiling.NR);
        if (packed.Base == 0 && IsNarrow(tiling, m, n))
        {
            RunTransposed(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }

        var work = (double)m * n * k;
        var tasks = work < 1 << 18 ? 1 : Math.Max(1, Parallelism.Threads);
        var splitN = n >= m;
        var units = splitN ? (n + nrSize - 1) / nrSize : (m + mrSize - 1) / mrSize;
        tasks = Math.Min(tasks, units);
        var (ia, ib, ic) = ((nint)a, (nint)b, (nint)c);
        Parallelism.For(tasks, t =>
        {
            var u0 = (int)((long)units * t / tasks);
            var u1 = (int)((long)units * (t + 1) / tasks);
            var pa = (float*)ia;
            var pb = (float*)ib;
            var pc = (float*)ic;
            if (splitN)
            {
                var n0 = u0 * nrSize;
                var n1 = Math.Min(n, u1 * nrSize);
                Serial(tiling, transA, transB, m, n1 - n0, k, alpha, pa, lda, transB ? pb + ((nint)n0 * ldb) : pb + n0, ldb, beta, pc + n0, ldc, packed);
            }
            else
            {
                var m0 = u0 * mrSize;
                var m1 = Math.Min(m, u1 * mrSize);
                var rows = packed with { Row0 = packed.Row0 + m0 };
                var am = packed.Base != 0 ? pa : transA ? pa + m0 : pa + ((nint)m0 * lda);
                Serial(tiling, transA, transB, m1 - m0, n, k, alpha, am, lda, pb, ldb, beta, pc + ((nint)m0 * ldc), ldc, rows);
            }
        });
    }

    private static bool IsNarrow(Tiling tiling, int m, int n) => n < tiling.NR / 2 && m >= 2 * n && m >= tiling.MR;

    /// <summary>
    /// Whether a product with C of m×n would run transposed (<see cref="RunTransposed"/>), which a packed A cannot:
    /// callers then keep A unpacked.
    /// </summary>
    internal static bool IsNarrow(int m, int n) => IsNarrow(Use512 ? Tiling512 : Tiling256, m, n);

    /// <summary>
    /// For a narrow C (few columns, many rows) computes Cᵀ (n×m) = op(B)ᵀ·op(A)ᵀ, so the wide side fills the
    /// micro-tile's columns instead of padding most of them, then adds it into C. Each element is still
    /// summed over k in the same order.
    /// </summary>
    private static void RunTransposed(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        var buffer = ArrayPool<float>.Shared.Rent(n * m);
        fixed (float* ct = buffer)
        {
            // op(B)ᵀ is B read with the opposite transposition, likewise op(A)ᵀ.
            Run(!transB, !transA, n, m, k, alpha, b, ldb, a, lda, 0f, ct, m, default);
            for (var i = 0; i < m; i++)
            {
                var row = c + ((nint)i * ldc);
                for (var j = 0; j < n; j++)
                {
                    var v = ct[((nint)j * m) + i];
                    row[j] = beta == 0f ? v : (beta * row[j]) + v;
                }
            }
        }

        ArrayPool<float>.Shared.Return(buffer);
    }

    /// <summary>The depth of the k blocks of a product of depth <paramref name="k"/>: near-equal blocks of at most KCMax.</summary>
    private static int KcStep(Tiling tiling, int k)
    {
        var kBlocks = (k + tiling.KCMax - 1) / tiling.KCMax;
        return (k + kBlocks - 1) / kBlocks;
    }

    private static void Serial(Tiling tiling, bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, PackedRows packed)
    {
        var (MR, NR, MC) = (tiling.MR, tiling.NR, tiling.MC);
        var kcStep = KcStep(tiling, k);
        var aBuffer = ArrayPool<float>.Shared.Rent(packed.Base != 0 ? 1 : MC * kcStep);
        var bBuffer = ArrayPool<float>.Shared.Rent(kcStep * (Math.Min(NC, n) + NR));
        fixed (float* aPack = aBuffer, bPack = bBuffer)
        {
            for (var jc = 0; jc < n; jc += NC)
            {
                var nc = Math.Min(NC, n - jc);
                for (var pc = 0; pc < k; pc += kcStep)
                {
                    var kc = Math.Min(kcStep, k - pc);
                    var betaBlock = pc == 0 ? beta : 1f;
                    PackB(NR, transB, b, ldb, pc, kc, jc, nc, bPack);
                    for (var ic = 0; ic < m; ic += MC)
                    {
                        var mc = Math.Min(MC, m - ic);
                        var ap = aPack;
                        if (packed.Base == 0)
                        {
                            PackA(MR, transA, a, lda, ic, mc, pc, kc, alpha, aPack);
                        }
                        else
                        {
                            // Block pc of the packed A holds all its rows' strips, MR·kc floats each.
                            ap = (float*)packed.Base + ((nint)pc * packed.PaddedRows) + ((nint)(packed.Row0 + ic) * kc);
                        }

                        for (var jr = 0; jr < nc; jr += NR)
                        {
                            var nr = Math.Min(NR, nc - jr);
                            var bp = bPack + ((nint)jr * kc);
                            for (var ir = 0; ir < mc; ir += MR)
                            {
                                var mr = Math.Min(MR, mc - ir);
                                var cp = c + ((nint)(ic + ir) * ldc) + jc + jr;
                                if (MR == 12)
                                {
                                    Kernel512(kc, ap + ((nint)ir * kc), bp, cp, ldc, mr, nr, betaBlock);
                                }
                                else if (Vector256.IsHardwareAccelerated)
                                {
                                    Kernel6x16(kc, ap + ((nint)ir * kc), bp, cp, ldc, mr, nr, betaBlock);
                                }
                                else
                                {
                                    KernelScalar(kc, ap + ((nint)ir * kc), bp, cp, ldc, mr, nr, betaBlock);
                                }
                            }
                        }
                    }
                }
            }
        }

        ArrayPool<float>.Shared.Return(aBuffer);
        ArrayPool<float>.Shared.Return(bBuffer);
    }

    /// <summary>Packs α·op(A)[ic..ic+mc, pc..pc+kc] as row strips of MR: strip s holds (p, i) at s·MR·kc + p·MR + i, zero-padded.</summary>
    private static void PackA(int MR, bool transA, float* a, int lda, int ic, int mc, int pc, int kc, float alpha, float* dst)
    {
        for (var ir = 0; ir < mc; ir += MR)
        {
            var mr = Math.Min(MR, mc - ir);
            var strip = dst + ((nint)ir * kc);
            if (transA)
            {
                // op(A)(i, p) = a[p·lda + i]: MR contiguous values per p.
                var src = a + ((nint)pc * lda) + ic + ir;
                if (mr == MR && MR % 4 == 0 && Vector128.IsHardwareAccelerated)
                {
                    var va = Vector128.Create(alpha);
                    for (var p = 0; p < kc; p++, src += lda)
                    {
                        var d = strip + (p * MR);
                        for (var i = 0; i < MR; i += 4)
                        {
                            Vector128.Store(Vector128.Load(src + i) * va, d + i);
                        }
                    }

                    continue;
                }

                for (var p = 0; p < kc; p++, src += lda)
                {
                    var d = strip + (p * MR);
                    for (var i = 0; i < MR; i++)
                    {
                        d[i] = i < mr ? alpha * src[i] : 0f;
                    }
                }

                continue;
            }

            // op(A)(i, p) = a[i·lda + p]: groups of 8 and then 4 rows go through register transposes; the rest read
            // each row sequentially and write with stride MR.
            var first = 0;
            if (alpha == 1f && Avx.IsSupported)
            {
                var deep = kc & ~7;
                for (; first + 8 <= mr; first += 8)
                {
                    Transpose8x8Pack(a + ((nint)(ic + ir + first) * lda) + pc, lda, deep, strip + first, MR);
                }

                for (; first + 4 <= mr; first += 4)
                {
                    Transpose4x8Pack(a + ((nint)(ic + ir + first) * lda) + pc, lda, deep, strip + first, MR);
                }

                for (var i = 0; i < first; i++)
                {
                    var src = a + ((nint)(ic + ir + i) * lda) + pc;
                    for (var p = deep; p < kc; p++)
                    {
                        strip[(p * MR) + i] = src[p];
                    }
                }
            }

            for (var i = first; i < MR; i++)
            {
                var d = strip + i;
                if (i >= mr)
                {
                    for (var p = 0; p < kc; p++)
                    {
                        d[p * MR] = 0f;
                    }

                    continue;
                }

                var src = a + ((nint)(ic + ir + i) * lda) + pc;
                if (alpha == 1f)
                {
                    for (var p = 0; p < kc; p++)
                    {
                        d[p * MR] = src[p];
                    }
                }
                else
                {
                    for (var p = 0; p < kc; p++)
                    {
                        d[p * MR] = alpha * src[p];
                    }
                }
            }
        }
    }

    /// <summary>Packs op(B)[pc..pc+kc, jc..jc+nc] as column strips of NR: strip s holds (p, j) at s·NR·kc + p·NR + j, zero-padded.</summary>
    private static void PackB(int NR, bool transB, float* b, int ldb, int pc, int kc, int jc, int nc, float* dst)
    {
        for (var jr = 0; jr < nc; jr += NR)
        {
            var nr = Math.Min(NR, nc - jr);
            var strip = dst + ((nint)jr * kc);
            if (!transB && nr == NR && Vector256.IsHardwareAccelerated)
            {
                var src = b + ((nint)pc * ldb) + jc + jr;
                for (var p = 0; p < kc; p++)
                {
                    for (var j = 0; j < NR; j += 8)
                    {
                        Vector256.Store(Vector256.Load(src + j), strip + (p * NR) + j);
                    }

                    src += ldb;
                }

                continue;
            }

            var done = 0;
            if (transB && Avx.IsSupported)
            {
                // op(B)(p, j) = b[j·ldb + p]: groups of 8 rows go through 8×8 register transposes.
                var deep = kc & ~7;
                for (; done + 8 <= nr; done += 8)
                {
                    var src = b + ((nint)(jc + jr + done) * ldb) + pc;
                    Transpose8x8Pack(src, ldb, deep, strip + done, NR);
                    for (var q = 0; q < 8; q++)
                    {
                        for (var p = deep; p < kc; p++)
                        {
                            strip[(p * NR) + done + q] = src[((nint)q * ldb) + p];
                        }
                    }
                }
            }

            for (var j = done; j < NR; j++)
            {
                var d = strip + j;
                if (j >= nr)
                {
                    for (var p = 0; p < kc; p++)
                    {
                        d[p * NR] = 0f;
                    }
                }
                else if (transB)
                {
                    // op(B)(p, j) = b[j·ldb + p]: read the row sequentially, write with stride NR.
                    var src = b + ((nint)(jc + jr + j) * ldb) + pc;
                    for (var p = 0; p < kc; p++)
                    {
                        d[p * NR] = src[p];
                    }
                }
                else
                {
                    var src = b + ((nint)pc * ldb) + jc + jr + j;
                    for (var p = 0; p < kc; p++, src += ldb)
                    {
                        d[p * NR] = *src;
                    }
                }
            }
        }
    }

    /// <summary>
    /// dst[p·stride + i] = src[i·ld + p] for rows i in [0, 8) and depths p in [0, depth) (a multiple of 8): eight
    /// rows of B are written as eight packed columns, one 8×8 AVX transpose at a time.
    /// </summary>
    private static void Transpose8x8Pack(float* src, int ld, int depth, float* dst, int stride)
    {
        for (var p = 0; p < depth; p += 8)
        {
            var s = src + p;
            var (u0, u1, u2, u3) = Interleave4(s, ld);
            var (u4, u5, u6, u7) = Interleave4(s + (4 * (nint)ld), ld);
            var d = dst + ((nint)p * stride);
            Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
            Avx.Store(d + stride, Avx.Permute2x128(u1, u5, 0x20));
            Avx.Store(d + (2 * stride), Avx.Permute2x128(u2, u6, 0x20));
            Avx.Store(d + (3 * stride), Avx.Permute2x128(u3, u7, 0x20));
            Avx.Store(d + (4 * stride), Avx.Permute2x128(u0, u4, 0x31));
            Avx.Store(d + (5 * stride), Avx.Permute2x128(u1, u5, 0x31));
            Avx.Store(d + (6 * stride), Avx.Permute2x128(u2, u6, 0x31));
            Avx.Store(d + (7 * stride), Avx.Permute2x128(u3, u7, 0x31));
        }
    }

    /// <summary>
    /// dst[p·stride + i] = src[i·ld + p] for rows i in [0, 4) and depths p in [0, depth) (a multiple of 8): four rows
    /// of A are written as four packed columns through 4×8 AVX transposes.
    /// </summary>
    private static void Transpose4x8Pack(float* src, int ld, int depth, float* dst, int stride)
    {
        for (var p = 0; p < depth; p += 8)
        {
            var (u0, u1, u2, u3) = Interleave4(src + p, ld);
            var d = dst + ((nint)p * stride);
            Sse.Store(d, u0.GetLower());
            Sse.Store(d + stride, u1.GetLower());
            Sse.Store(d + (2 * stride), u2.GetLower());
            Sse.Store(d + (3 * stride), u3.GetLower());
            Sse.Store(d + (4 * stride), u0.GetUpper());
            Sse.Store(d + (5 * stride), u1.GetUpper());
            Sse.Store(d + (6 * stride), u2.GetUpper());
            Sse.Store(d + (7 * stride), u3.GetUpper());
        }
    }

    /// <summary>
    /// Four rows of eight values (row stride <paramref name="ld"/>) as four vectors u_q, each holding column q of the
    /// rows in its low half and column q + 4 in its high half, rows 0–3 in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) Interleave4(float* s, int ld)
    {
        var r0 = Avx.LoadVector256(s);
        var r1 = Avx.LoadVector256(s + ld);
        var r2 = Avx.LoadVector256(s + (2 * (nint)ld));
        var r3 = Avx.LoadVector256(s + (3 * (nint)ld));
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        return (Avx.Shuffle(t0, t2, 0x44), Avx.Shuffle(t0, t2, 0xEE), Avx.Shuffle(t1, t3, 0x44), Avx.Shuffle(t1, t3, 0xEE));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;

    /// <summary>The 12×32 AVX-512 tile, or the 4- or 8-row, 16-column part of it that covers an edge tile.</summary>
    private static void Kernel512(int kc, float* ap, float* bp, float* c, int ldc, int mr, int nr, float beta)
    {
        if (nr > 16)
        {
            if (mr > 8)
            {
                Kernel512<Size12, Size32>(kc, ap, bp, c, ldc, mr, nr, beta);
            }
            else if (mr > 4)
            {
                Kernel512<Size8, Size32>(kc, ap, bp, c, ldc, mr, nr, beta);
            }
            else
            {
                Kernel512<Size4, Size32>(kc, ap, bp, c, ldc, mr, nr, beta);
            }
        }
        else if (mr > 8)
        {
            Kernel512<Size12, Size16>(kc, ap, bp, c, ldc, mr, nr, beta);
        }
        else if (mr > 4)
        {
            Kernel512<Size8, Size16>(kc, ap, bp, c, ldc, mr, nr, beta);
        }
        else
        {
            Kernel512<Size4, Size16>(kc, ap, bp, c, ldc, mr, nr, beta);
        }
    }

    /// <summary>
    /// The AVX-512 micro-kernel over packed strips (12×kc and kc×32): C[0..mr, 0..nr] = β·C + Σp A[·, p]·B[p, ·].
    /// <typeparamref name="TRows"/> (4, 8 or 12) and <typeparamref name="TCols"/> (16 or 32) say how much of the 12×32
    /// tile it computes, so an edge tile of a few rows or at most 16 columns does not pay for the whole tile; the JIT
    /// compiles one body per pair with the unused accumulators removed. Every element is the same chain of fused
    /// multiply-adds over p whichever variant computes it. The edge tile's buffer is taken before the loop and not
    /// zeroed, so that no call follows while the accumulators are live (see <see cref="Kernel256{TRows, TCols}"/>).
    /// </summary>
    [SkipLocalsInit]
    private static void Kernel512<TRows, TCols>(int kc, float* ap, float* bp, float* c, int ldc, int mr, int nr, float beta)
        where TRows : struct, ITileSize
        where TCols : struct, ITileSize
    {
        const int MR = 12;
        const int NR = 32;
        var tile = stackalloc float[MR * NR];
        var rows = TRows.Value;
        var wide = TCols.Value == NR;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default, c90 = default, c91 = default, ca0 = default, ca1 = default, cb0 = default, cb1 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(bp);
            var b1 = wide ? Vector512.Load(bp + 16) : default;
            var a0 = Vector512.Create(ap[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            if (wide)
            {
                c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            }

            var a1 = Vector512.Create(ap[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            if (wide)
            {
                c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            }

            var a2 = Vector512.Create(ap[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            if (wide)
            {
                c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            }

            var a3 = Vector512.Create(ap[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            if (wide)
            {
                c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            }

            if (rows > 4)
            {
                var a4 = Vector512.Create(ap[4]);
                c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
                if (wide)
                {
                    c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
                }

                var a5 = Vector512.Create(ap[5]);
                c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
                if (wide)
                {
                    c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
                }

                var a6 = Vector512.Create(ap[6]);
                c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
                if (wide)
                {
                    c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
                }

                var a7 = Vector512.Create(ap[7]);
                c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
                if (wide)
                {
                    c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
                }
            }

            if (rows > 8)
            {
                var a8 = Vector512.Create(ap[8]);
                c80 = Avx512F.FusedMultiplyAdd(a8, b0, c80);
                if (wide)
                {
                    c81 = Avx512F.FusedMultiplyAdd(a8, b1, c81);
                }

                var a9 = Vector512.Create(ap[9]);
                c90 = Avx512F.FusedMultiplyAdd(a9, b0, c90);
                if (wide)
                {
                    c91 = Avx512F.FusedMultiplyAdd(a9, b1, c91);
                }

                var aa = Vector512.Create(ap[10]);
                ca0 = Avx512F.FusedMultiplyAdd(aa, b0, ca0);
                if (wide)
                {
                    ca1 = Avx512F.FusedMultiplyAdd(aa, b1, ca1);
                }

                var ab = Vector512.Create(ap[11]);
                cb0 = Avx512F.FusedMultiplyAdd(ab, b0, cb0);
                if (wide)
                {
                    cb1 = Avx512F.FusedMultiplyAdd(ab, b1, cb1);
                }
            }

            ap += MR;
            bp += NR;
        }

        var full = mr == rows && nr == TCols.Value;
        var dst = full ? c : tile;
        var ld = full ? ldc : NR;
        var rowBeta = full ? beta : 0f;
        StoreRow512(dst, c00, c01, wide, rowBeta);
        StoreRow512(dst + ld, c10, c11, wide, rowBeta);
        StoreRow512(dst + (2 * ld), c20, c21, wide, rowBeta);
        StoreRow512(dst + (3 * ld), c30, c31, wide, rowBeta);
        if (rows > 4)
        {
            StoreRow512(dst + (4 * ld), c40, c41, wide, rowBeta);
            StoreRow512(dst + (5 * ld), c50, c51, wide, rowBeta);
            StoreRow512(dst + (6 * ld), c60, c61, wide, rowBeta);
            StoreRow512(dst + (7 * ld), c70, c71, wide, rowBeta);
        }

        if (rows > 8)
        {
            StoreRow512(dst + (8 * ld), c80, c81, wide, rowBeta);
            StoreRow512(dst + (9 * ld), c90, c91, wide, rowBeta);
            StoreRow512(dst + (10 * ld), ca0, ca1, wide, rowBeta);
            StoreRow512(dst + (11 * ld), cb0, cb1, wide, rowBeta);
        }

        if (!full)
        {
            StoreTile(NR, tile, c, ldc, mr, nr, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow512(float* c, Vector512<float> lo, Vector512<float> hi, bool wide, float beta)
    {
        StoreHalf512(c, lo, beta);
        if (wide)
        {
            StoreHalf512(c + 16, hi, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreHalf512(float* c, Vector512<float> v, float beta)
    {
        if (beta == 0f)
        {
            Vector512.Store(v, c);
        }
        else if (beta == 1f)
        {
            Vector512.Store(Vector512.Load(c) + v, c);
        }
        else
        {
            Vector512.Store(Avx512F.FusedMultiplyAdd(Vector512.Load(c), Vector512.Create(beta), v), c);
        }
    }

    /// <summary>The 6×16 AVX2 tile, or the 2- or 4-row, 8-column part of it that covers an edge tile.</summary>
    private static void Kernel6x16(int kc, float* ap, float* bp, float* c, int ldc, int mr, int nr, float beta)
    {
        if (nr > 8)
        {
            if (mr > 4)
            {
                Kernel256<Size6, Size16>(kc, ap, bp, c, ldc, mr, nr, beta);
            }
            else if (mr > 2)
            {
                Kernel256<Size4, Size16>(kc, ap, bp, c, ldc, mr, nr, beta);
            }
            else
            {
                Kernel256<Size2, Size16>(kc, ap, bp, c, ldc, mr, nr, beta);
            }
        }
        else if (mr > 4)
        {
            Kernel256<Size6, Size8>(kc, ap, bp, c, ldc, mr, nr, beta);
        }
        else if (mr > 2)
        {
            Kernel256<Size4, Size8>(kc, ap, bp, c, ldc, mr, nr, beta);
        }
        else
        {
            Kernel256<Size2, Size8>(kc, ap, bp, c, ldc, mr, nr, beta);
        }
    }

    /// <summary>
    /// The AVX2/FMA micro-kernel over packed strips (6×kc and kc×16): C[0..mr, 0..nr] = β·C + Σp A[·, p]·B[p, ·].
    /// <typeparamref name="TRows"/> (2, 4 or 6) and <typeparamref name="TCols"/> (8 or 16) say how much of the 6×16
    /// tile it computes, as in <see cref="Kernel512{TRows, TCols}"/>. The edge tile's buffer is taken before the loop
    /// and not zeroed: a stackalloc after the loop cleared it with a helper call, and accumulators live across a call
    /// (every vector register is caller-saved) were stored to the stack on every iteration, a 256-bit store per
    /// multiply-add, which held the kernel to a third of its speed on AMD Zen 1 (14 against 39 GFLOP/s per core).
    /// </summary>
    [SkipLocalsInit]
    private static void Kernel256<TRows, TCols>(int kc, float* ap, float* bp, float* c, int ldc, int mr, int nr, float beta)
        where TRows : struct, ITileSize
        where TCols : struct, ITileSize
    {
        const int MR = 6;
        const int NR = 16;
        var tile = stackalloc float[MR * NR];
        var rows = TRows.Value;
        var wide = TCols.Value == NR;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(bp);
            var b1 = wide ? Vector256.Load(bp + 8) : default;
            var a0 = Vector256.Create(ap[0]);
            c00 = MulAdd(a0, b0, c00);
            if (wide)
            {
                c01 = MulAdd(a0, b1, c01);
            }

            var a1 = Vector256.Create(ap[1]);
            c10 = MulAdd(a1, b0, c10);
            if (wide)
            {
                c11 = MulAdd(a1, b1, c11);
            }

            if (rows > 2)
            {
                var a2 = Vector256.Create(ap[2]);
                c20 = MulAdd(a2, b0, c20);
                if (wide)
                {
                    c21 = MulAdd(a2, b1, c21);
                }

                var a3 = Vector256.Create(ap[3]);
                c30 = MulAdd(a3, b0, c30);
                if (wide)
                {
                    c31 = MulAdd(a3, b1, c31);
                }
            }

            if (rows > 4)
            {
                var a4 = Vector256.Create(ap[4]);
                c40 = MulAdd(a4, b0, c40);
                if (wide)
                {
                    c41 = MulAdd(a4, b1, c41);
                }

                var a5 = Vector256.Create(ap[5]);
                c50 = MulAdd(a5, b0, c50);
                if (wide)
                {
                    c51 = MulAdd(a5, b1, c51);
                }
            }

            ap += MR;
            bp += NR;
        }

        var full = mr == rows && nr == TCols.Value;
        var dst = full ? c : tile;
        var ld = full ? ldc : NR;
        var rowBeta = full ? beta : 0f;
        StoreRow(dst, c00, c01, wide, rowBeta);
        StoreRow(dst + ld, c10, c11, wide, rowBeta);
        if (rows > 2)
        {
            StoreRow(dst + (2 * ld), c20, c21, wide, rowBeta);
            StoreRow(dst + (3 * ld), c30, c31, wide, rowBeta);
        }

        if (rows > 4)
        {
            StoreRow(dst + (4 * ld), c40, c41, wide, rowBeta);
            StoreRow(dst + (5 * ld), c50, c51, wide, rowBeta);
        }

        if (!full)
        {
            StoreTile(NR, tile, c, ldc, mr, nr, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector256<float> lo, Vector256<float> hi, bool wide, float beta)
    {
        StoreHalf(c, lo, beta);
        if (wide)
        {
            StoreHalf(c + 8, hi, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreHalf(float* c, Vector256<float> v, float beta)
    {
        if (beta == 0f)
        {
            Vector256.Store(v, c);
        }
        else if (beta == 1f)
        {
            Vector256.Store(Vector256.Load(c) + v, c);
        }
        else
        {
            Vector256.Store(MulAdd(Vector256.Load(c), Vector256.Create(beta), v), c);
        }
    }

    private static void StoreTile(int NR, float* tile, float* c, int ldc, int mr, int nr, float beta)
    {
        for (var i = 0; i < mr; i++)
        {
            var row = c + ((nint)i * ldc);
            for (var j = 0; j < nr; j++)
            {
                var v = tile[(i * NR) + j];
                row[j] = beta == 0f ? v : beta == 1f ? row[j] + v : (beta * row[j]) + v;
            }
        }
    }

    private static void KernelScalar(int kc, float* ap, float* bp, float* c, int ldc, int mr, int nr, float beta)
    {
        const int MR = 6;
        const int NR = 16;
        var tile = stackalloc float[MR * NR];
        new Span<float>(tile, MR * NR).Clear();
        for (var p = 0; p < kc; p++)
        {
            for (var i = 0; i < MR; i++)
            {
                var av = ap[i];
                for (var j = 0; j < NR; j++)
                {
                    tile[(i * NR) + j] += av * bp[j];
                }
            }

            ap += MR;
            bp += NR;
        }

        StoreTile(NR, tile, c, ldc, mr, nr, beta);
    }
}
