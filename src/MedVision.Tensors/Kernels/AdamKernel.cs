using System.Runtime.Intrinsics;

namespace MedVision.Tensors.Kernels;

/// <summary>The coefficients of one Adam step, as <see cref="AdamKernel.Step"/> applies them.</summary>
/// <param name="Beta1">β₁, the first-moment decay.</param>
/// <param name="Beta2">β₂, the second-moment decay.</param>
/// <param name="StepSize">lr / (1 − β₁ᵗ).</param>
/// <param name="Bias2Sqrt">√(1 − β₂ᵗ).</param>
/// <param name="Eps">ε, added to the corrected √v.</param>
/// <param name="WeightDecay">λ added to the gradient as λ·p (Adam); ignored when <paramref name="Decoupled"/>.</param>
/// <param name="Shrink">1 − lr·λ, the factor a decoupled (AdamW) step multiplies the parameters by first.</param>
/// <param name="Decoupled">True for AdamW's decoupled weight decay.</param>
public readonly record struct AdamCoefficients(float Beta1, float Beta2, float StepSize, float Bias2Sqrt, float Eps, float WeightDecay, float Shrink, bool Decoupled);

/// <summary>
/// Adam's element-wise update over whole parameter tensors, in fixed chunks on <see cref="Parallelism.Threads"/> threads
/// and in vectors within a chunk. Every element goes through the same float operations in the same order as the scalar
/// formula (no fused multiply-add), so the result is bit-identical to it for any thread count or vector width.
/// </summary>
public static unsafe class AdamKernel
{
    private const int Chunk = 1 << 15;

    /// <summary>
    /// g ← grad (+ λ·p, or p ← (1 − lr·λ)·p when decoupled); m ← m·β₁ + g·(1 − β₁); v ← v·β₂ + ((1 − β₂)·g)·g;
    /// p ← p + (−stepSize)·(m / (√v / √(1 − β₂ᵗ) + ε)). All spans must have the same length.
    /// </summary>
    public static void Step(Span<float> p, ReadOnlySpan<float> grad, Span<float> m, Span<float> v, AdamCoefficients k)
    {
        if (grad.Length != p.Length || m.Length != p.Length || v.Length != p.Length)
        {
            throw new ArgumentException($"p, grad, m and v must have the same length, got {p.Length}, {grad.Length}, {m.Length}, {v.Length}", nameof(grad));
        }

        fixed (float* pp = p, pg = grad, pm = m, pv = v)
        {
            var (ip, ig, im, iv) = ((nint)pp, (nint)pg, (nint)pm, (nint)pv);
            var length = p.Length;
            var chunks = (length + Chunk - 1) / Chunk;
            Parallelism.For(chunks, c =>
            {
                var start = c * Chunk;
                var count = Math.Min(Chunk, length - start);
                Range((float*)ip + start, (float*)ig + start, (float*)im + start, (float*)iv + start, count, k);
            });
        }
    }

    private static void Range(float* p, float* grad, float* m, float* v, int count, AdamCoefficients k)
    {
        var oneMinusBeta1 = 1 - k.Beta1;
        var oneMinusBeta2 = 1 - k.Beta2;
        var negativeStep = -k.StepSize;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var b1 = Vector256.Create(k.Beta1);
            var b2 = Vector256.Create(k.Beta2);
            var c1 = Vector256.Create(oneMinusBeta1);
            var c2 = Vector256.Create(oneMinusBeta2);
            var bias2 = Vector256.Create(k.Bias2Sqrt);
            var eps = Vector256.Create(k.Eps);
            var wd = Vector256.Create(k.WeightDecay);
            var shrink = Vector256.Create(k.Shrink);
            var step = Vector256.Create(negativeStep);
            for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var vp = Vector256.Load(p + i);
                var g = Vector256.Load(grad + i);
                if (k.Decoupled)
                {
                    vp *= shrink;
                }
                else if (k.WeightDecay != 0)
                {
                    g += wd * vp;
                }

                var vm = (Vector256.Load(m + i) * b1) + (g * c1);
                var vv = (Vector256.Load(v + i) * b2) + (c2 * g * g);
                var denom = (Vector256.Sqrt(vv) / bias2) + eps;
                Vector256.Store(vm, m + i);
                Vector256.Store(vv, v + i);
                Vector256.Store(vp + (step * (vm / denom)), p + i);
            }
        }

        for (; i < count; i++)
        {
            var g = grad[i];
            if (k.Decoupled)
            {
                p[i] *= k.Shrink;
            }
            else if (k.WeightDecay != 0)
            {
                g += k.WeightDecay * p[i];
            }

            m[i] = (m[i] * k.Beta1) + (g * oneMinusBeta1);
            v[i] = (v[i] * k.Beta2) + (oneMinusBeta2 * g * g);
            var denom = (MathF.Sqrt(v[i]) / k.Bias2Sqrt) + k.Eps;
            p[i] += negativeStep * (m[i] / denom);
        }
    }
}
