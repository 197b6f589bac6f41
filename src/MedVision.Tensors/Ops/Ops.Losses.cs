using MedVision.Tensors.Autograd;

namespace MedVision.Tensors;

/// <summary>Fused, numerically stable losses that need their own backward.</summary>
public static partial class Ops
{
    /// <summary>
    /// Binary cross-entropy on logits, fused and stable (PyTorch <c>F.binary_cross_entropy_with_logits</c>):
    /// ℓ = w·[(1 − y)·x + (1 + (p − 1)·y)·(log(1 + e^(−|x|)) + max(−x, 0))], with y the target, w the optional
    /// <paramref name="weight"/> and p the optional <paramref name="posWeight"/> (both broadcast to the input;
    /// p usually has one value per class, the last dimension). dℓ/dx = w·[(1 − y) − (1 + (p − 1)·y)·σ(−x)].
    /// Gradients flow to <paramref name="logits"/> only.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(
        Tensor logits, Tensor target, Tensor? weight = null, Tensor? posWeight = null, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        if (!target.Shape.SequenceEqual(logits.Shape))
        {
            throw new ArgumentException($"target must have the logits' shape {ShapeMath.Format(logits.Shape)}, got {ShapeMath.Format(target.Shape)}", nameof(target));
        }

        var shape = logits.ShapeArray();
        var w = weight is null ? null : ExpandTo(weight, shape, nameof(weight));
        var p = posWeight is null ? null : ExpandTo(posWeight, shape, nameof(posWeight));
        var n = logits.Length;
        var loss = Like(logits);
        ReadOnlySpan<float> x = logits.Data, y = target.Data;
        var l = loss.Data;
        for (var i = 0; i < n; i++)
        {
            var logWeight = p is null ? 1f : 1f + ((p.Storage[i] - 1f) * y[i]);
            var maxVal = Math.Max(-x[i], 0f);
            var softplus = MathF.Log(MathF.Exp(-maxVal) + MathF.Exp(-x[i] - maxVal)) + maxVal;
            var v = ((1f - y[i]) * x[i]) + (logWeight * softplus);
            l[i] = w is null ? v : v * w.Storage[i];
        }

        var result = reduction switch
        {
            Reduction.None => loss,
            Reduction.Sum => Tensor.Scalar((float)SumAll(loss.Storage, n)),
            _ => Tensor.Scalar((float)(SumAll(loss.Storage, n) / n)),
        };
        if (!Graph.ShouldRecord(logits))
        {
            return result;
        }

        return Graph.Record(result, "BinaryCrossEntropyWithLogits", [logits], dL =>
        {
            var dX = Like(logits);
            var d = dX.Data;
            ReadOnlySpan<float> xs = logits.Data, ys = target.Data, g = dL.Data;
            var scale = reduction == Reduction.Mean ? 1f / n : 1f;
            for (var i = 0; i < n; i++)
            {
                var logWeight = p is null ? 1f : 1f + ((p.Storage[i] - 1f) * ys[i]);
                var sigNeg = 1f / (1f + MathF.Exp(xs[i]));
                var v = (1f - ys[i]) - (logWeight * sigNeg);
                if (w is not null)
                {
                    v *= w.Storage[i];
                }

                d[i] = v * (reduction == Reduction.None ? g[i] : g[0] * scale);
            }

            Graph.Accumulate(logits, dX, owned: true);
        });
    }

    private static Tensor ExpandTo(Tensor t, int[] shape, string argument)
    {
        try
        {
            var b = ShapeMath.Broadcast(t.Shape, shape, argument);
            if (!b.AsSpan().SequenceEqual(shape))
            {
                throw new ArgumentException("too large");
            }
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"{argument} of shape {ShapeMath.Format(t.Shape)} cannot be broadcast to the input shape {ShapeMath.Format(shape)}", argument);
        }

        return Broadcasting.Expand(t, shape);
    }
}
