using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MedVision.Tensors.Kernels;

/// <summary>
/// The geometry of a 2-D convolution or pooling window and the im2col/col2im transforms used to run a
/// convolution as a matrix product (Chellapilla et al. 2006; Caffe's <c>im2col</c>).
/// </summary>
internal readonly record struct ConvGeometry(
    int Channels, int Height, int Width, int KernelH, int KernelW,
    int StrideH, int StrideW, int PadH, int PadW, int DilationH, int DilationW, int OutH, int OutW)
{
    public int Plane => Height * Width;

    public int OutPlane => OutH * OutW;

    public int KernelArea => KernelH * KernelW;

    /// <summary>
    /// col (C·kh·kw, count·(oh1 − oh0)·OutW) ← output rows [<paramref name="oh0"/>, <paramref name="oh1"/>) of
    /// x[n0 .. n0+count] (N, C, H, W): row (c, ki, kj), column (n − n0, oh − oh0, ow) holds
    /// x[n, c, oh·sh − ph + ki·dh, ow·sw − pw + kj·dw], or 0 outside the image.
    /// </summary>
    public void Im2Col(float[] x, int n0, int count, int oh0, int oh1, float[] col)
    {
        var geometry = this;
        var rows = Channels * KernelArea;
        var band = (oh1 - oh0) * OutW;
        var ld = count * band;
        Parallelism.ForRange(rows * count, 4, (s, e) =>
        {
            for (var t = s; t < e; t++)
            {
                var r = t / count;
                var n = t % count;
                geometry.Im2ColRow(x, n0 + n, r, oh0, oh1, col.AsSpan((r * ld) + (n * band), band));
            }
        });
    }

    private void Im2ColRow(float[] x, int n, int r, int oh0, int oh1, Span<float> dst)
    {
        var c = r / KernelArea;
        var ki = r / KernelW % KernelH;
        var kj = r % KernelW;
        var plane = x.AsSpan(((n * Channels) + c) * Plane, Plane);
        var (owLo, owHi) = ValidRange(kj * DilationW - PadW, StrideW, Width, OutW);
        for (var oh = oh0; oh < oh1; oh++)
        {
            var row = dst.Slice((oh - oh0) * OutW, OutW);
            var ih = (oh * StrideH) - PadH + (ki * DilationH);
            if ((uint)ih >= (uint)Height || owLo >= owHi)
            {
                row.Clear();
                continue;
            }

            // The padding columns are a few values at most: plain stores, not library calls.
            for (var ow = 0; ow < owLo; ow++)
            {
                row[ow] = 0f;
            }

            for (var ow = owHi; ow < row.Length; ow++)
            {
                row[ow] = 0f;
            }

            var src = plane.Slice(ih * Width, Width);
            var iw0 = (owLo * StrideW) - PadW + (kj * DilationW);
            if (StrideW == 1)
            {
                CopyShort(src.Slice(iw0, owHi - owLo), row[owLo..owHi]);
            }
            else
            {
                var ow = owLo;
                if (StrideW == 2 && Avx2.IsSupported)
                {
                    // Every other value: 8 outputs from 16 inputs, while the 16 lie inside the input row.
                    ref var s0 = ref MemoryMarshal.GetReference(src);
                    ref var d0 = ref MemoryMarshal.GetReference(row);
                    for (; ow + 8 <= owHi && iw0 + (2 * (ow - owLo)) + 16 <= Width; ow += 8)
                    {
                        var at = (nuint)(iw0 + (2 * (ow - owLo)));
                        Deinterleave.Even(Vector256.LoadUnsafe(ref s0, at), Vector256.LoadUnsafe(ref s0, at + 8)).StoreUnsafe(ref d0, (nuint)ow);
                    }
                }

                for (var iw = iw0 + ((ow - owLo) * StrideW); ow < owHi; ow++, iw += StrideW)
                {
                    row[ow] = src[iw];
                }
            }
        }
    }

    /// <summary>
    /// dX[n0 .. n0+count] (N, C, H, W) += col2im(dcol) for output rows [<paramref name="oh0"/>, <paramref name="oh1"/>)
    /// (dcol laid out as <see cref="Im2Col"/> builds it): the sum, over every (ki, kj, oh, ow) that read input pixel
    /// (h, w), of dcol at that row and column. The band starting at row 0 overwrites the planes and later bands add to
    /// them, so a sample's bands are given in order; each plane is summed by one thread.
    /// </summary>
    public void Col2Im(float[] dcol, int n0, int count, int oh0, int oh1, float[] dX)
    {
        var geometry = this;
        var band = (oh1 - oh0) * OutW;
        var ld = count * band;
        Parallelism.ForRange(count * Channels, 1, (s, e) =>
        {
            for (var t = s; t < e; t++)
            {
                var n = t / geometry.Channels;
                var c = t % geometry.Channels;
                var plane = dX.AsSpan((((n0 + n) * geometry.Channels) + c) * geometry.Plane, geometry.Plane);
                if (oh0 == 0)
                {
                    plane.Clear();
                }

                for (var k = 0; k < geometry.KernelArea; k++)
                {
                    var r = (c * geometry.KernelArea) + k;
                    geometry.Col2ImRow(dcol.AsSpan((r * ld) + (n * band), band), k, oh0, oh1, plane);
                }
            }
        });
    }

    private void Col2ImRow(ReadOnlySpan<float> src, int k, int oh0, int oh1, Span<float> plane)
    {
        var ki = k / KernelW;
        var kj = k % KernelW;
        var (owLo, owHi) = ValidRange(kj * DilationW - PadW, StrideW, Width, OutW);
        if (owLo >= owHi)
        {
            return;
        }

        for (var oh = oh0; oh < oh1; oh++)
        {
            var ih = (oh * StrideH) - PadH + (ki * DilationH);
            if ((uint)ih >= (uint)Height)
            {
                continue;
            }

            var row = src.Slice((oh - oh0) * OutW, OutW);
            var dst = plane.Slice(ih * Width, Width);
            var iw0 = (owLo * StrideW) - PadW + (kj * DilationW);
            if (StrideW == 1)
            {
                AddInPlace(dst.Slice(iw0, owHi - owLo), row[owLo..owHi]);
            }
            else
            {
                var ow = owLo;
                if (StrideW == 2 && Avx2.IsSupported)
                {
                    // 8 values into every other one of 16 inputs, while the 16 lie inside the input row.
                    ref var r0 = ref MemoryMarshal.GetReference(row);
                    ref var d0 = ref MemoryMarshal.GetReference(dst);
                    for (; ow + 8 <= owHi && iw0 + (2 * (ow - owLo)) + 16 <= Width; ow += 8)
                    {
                        AddEveryOther(Vector256.LoadUnsafe(ref r0, (nuint)ow), ref d0, (nuint)(iw0 + (2 * (ow - owLo))));
                    }
                }

                for (var iw = iw0 + ((ow - owLo) * StrideW); ow < owHi; ow++, iw += StrideW)
                {
                    dst[iw] += row[ow];
                }
            }
        }
    }

    /// <summary>d[at + 2t] += v[t] for t in [0, 8), the other 8 of the 16 values untouched (a blend, not + 0, keeps −0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddEveryOther(Vector256<float> v, ref float d, nuint at)
    {
        var lo = Avx.UnpackLow(v, Vector256<float>.Zero);    // v0 0 v1 0 | v4 0 v5 0
        var hi = Avx.UnpackHigh(v, Vector256<float>.Zero);   // v2 0 v3 0 | v6 0 v7 0
        var first = Avx.Permute2x128(lo, hi, 0x20);          // v0 0 v1 0 v2 0 v3 0
        var second = Avx.Permute2x128(lo, hi, 0x31);         // v4 0 v5 0 v6 0 v7 0
        var d0 = Vector256.LoadUnsafe(ref d, at);
        var d1 = Vector256.LoadUnsafe(ref d, at + 8);
        Avx.Blend(d0, d0 + first, 0b0101_0101).StoreUnsafe(ref d, at);
        Avx.Blend(d1, d1 + second, 0b0101_0101).StoreUnsafe(ref d, at + 8);
    }

    /// <summary>d ← s (of equal lengths) for short rows (a 56-, 14- or 7-value image row), where a plain vector loop beats a library call.</summary>
    private static void CopyShort(ReadOnlySpan<float> s, Span<float> d)
    {
        if (Vector256.IsHardwareAccelerated && s.Length >= 8 && d.Length == s.Length)
        {
            ref var from = ref MemoryMarshal.GetReference(s);
            ref var to = ref MemoryMarshal.GetReference(d);
            var i = 0;
            for (; i <= s.Length - 8; i += 8)
            {
                Vector256.LoadUnsafe(ref from, (nuint)i).StoreUnsafe(ref to, (nuint)i);
            }

            if (i < s.Length)
            {
                // The tail as one overlapping vector ending at the row's end.
                var last = (nuint)(s.Length - 8);
                Vector256.LoadUnsafe(ref from, last).StoreUnsafe(ref to, last);
            }

            return;
        }

        s.CopyTo(d);
    }

    /// <summary>d += s for short rows, where a plain vector loop beats a library call.</summary>
    private static void AddInPlace(Span<float> d, ReadOnlySpan<float> s)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && s.Length == d.Length)
        {
            ref var to = ref MemoryMarshal.GetReference(d);
            ref var from = ref MemoryMarshal.GetReference(s);
            for (; i <= d.Length - 8; i += 8)
            {
                (Vector256.LoadUnsafe(ref to, (nuint)i) + Vector256.LoadUnsafe(ref from, (nuint)i)).StoreUnsafe(ref to, (nuint)i);
            }
        }

        for (; i < d.Length; i++)
        {
            d[i] += s[i];
        }
    }

    /// <summary>The output columns [lo, hi) whose input column ow·stride + offset lies in [0, size).</summary>
    private static (int Lo, int Hi) ValidRange(int offset, int stride, int size, int outSize)
    {
        // ow·stride + offset ≥ 0  ⇔  ow ≥ ceil(−offset / stride)
        var lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        // ow·stride + offset ≤ size − 1  ⇔  ow ≤ floor((size − 1 − offset) / stride)
        var last = size - 1 - offset;
        var hi = last < 0 ? 0 : (last / stride) + 1;
        return (Math.Min(lo, outSize), Math.Clamp(hi, 0, outSize));
    }
}
