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
    /// 2×2 max pooling with stride 2 and no padding of one plane: y (⌊H/2⌋, ⌊W/2⌋) and the flat index of each
    /// window's first maximum (row-major window order; NaN wins, as PyTorch).
    /// </summary>
    public static void MaxPool2x2(ReadOnlySpan<float> x, int height, int width, Span<float> y, Span<int> argmax)
    {
        int outH = height / 2, outW = width / 2;
        if (x.Length < height * width || y.Length < outH * outW || argmax.Length < outH * outW)
        {
            throw new ArgumentException($"x must hold {height}×{width} values and y, argmax {outH}×{outW}", nameof(x));
        }

        for (var oh = 0; oh < outH; oh++)
        {
            var r0 = x.Slice(2 * oh * width, width);
            var r1 = x.Slice(((2 * oh) + 1) * width, width);
            var yr = y.Slice(oh * outW, outW);
            var ar = argmax.Slice(oh * outW, outW);
            var base0 = 2 * oh * width;
            for (var ow = 0; ow < outW; ow++)
            {
                var j = 2 * ow;
                var best = r0[j];
                var index = base0 + j;
                if (!float.IsNaN(best))
                {
                    var v = r0[j + 1];
                    if (v > best || float.IsNaN(v))
                    {
                        best = v;
                        index = base0 + j + 1;
                    }

                    if (!float.IsNaN(best))
                    {
                        v = r1[j];
                        if (v > best || float.IsNaN(v))
                        {
                            best = v;
                            index = base0 + width + j;
                        }

                        if (!float.IsNaN(best))
                        {
                            v = r1[j + 1];
                            if (v > best || float.IsNaN(v))
                            {
                                best = v;
                                index = base0 + width + j + 1;
                            }
                        }
                    }
                }

                yr[ow] = best;
                ar[ow] = index;
            }
        }
    }
}
