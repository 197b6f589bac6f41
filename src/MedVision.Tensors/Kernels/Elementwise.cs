using System.Runtime.Intrinsics;

namespace MedVision.Tensors.Kernels;

/// <summary>Element-wise kernels that <see cref="System.Numerics.Tensors.TensorPrimitives"/> does not offer.</summary>
public static class Elementwise
{
    /// <summary>
    /// The leaky-ReLU gradient: destination[i] = grad[i] where x[i] &gt; 0, else slope·grad[i] (slope 0 gives the ReLU
    /// gradient). Vector256 with a scalar tail. All spans must have the same length.
    /// </summary>
    public static void LeakyReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, float slope, Span<float> destination)
    {
        if (grad.Length != x.Length || destination.Length != x.Length)
        {
            throw new ArgumentException($"x, grad and destination must have the same length, got {x.Length}, {grad.Length}, {destination.Length}", nameof(destination));
        }

        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var zero = Vector256<float>.Zero;
            var s = Vector256.Create(slope);
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var vx = Vector256.Create(x.Slice(i, Vector256<float>.Count));
                var vg = Vector256.Create(grad.Slice(i, Vector256<float>.Count));
                Vector256.ConditionalSelect(Vector256.GreaterThan(vx, zero), vg, vg * s).CopyTo(destination.Slice(i, Vector256<float>.Count));
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = x[i] > 0 ? grad[i] : slope * grad[i];
        }
    }

    /// <summary>
    /// destination[i] = x[i]·scale + shift in one pass (TensorPrimitives' MultiplyAdd takes a span for one of the two),
    /// rounded as a fused multiply-add where FMA is available. Vector256 with a scalar tail. Spans of equal length.
    /// </summary>
    public static void ScaleShift(ReadOnlySpan<float> x, float scale, float shift, Span<float> destination)
    {
        if (destination.Length != x.Length)
        {
            throw new ArgumentException($"x and destination must have the same length, got {x.Length} and {destination.Length}", nameof(destination));
        }

        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var a = Vector256.Create(scale);
            var b = Vector256.Create(shift);
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.FusedMultiplyAdd(Vector256.Create(x.Slice(i, Vector256<float>.Count)), a, b).CopyTo(destination.Slice(i, Vector256<float>.Count));
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = MathF.FusedMultiplyAdd(x[i], scale, shift);
        }
    }
}
