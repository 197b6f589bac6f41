using MedVision.Tensors.Autograd;

namespace MedVision.Tensors;

/// <summary>Softmax and log-softmax along one dimension, max-shifted for stability.</summary>
public static partial class Ops
{
    /// <summary>
    /// e^(x − max) / Σ e^(x − max) along <paramref name="dim"/> (PyTorch <c>F.softmax</c>); dX = y ⊙ (dY − Σ dY·y).
    /// </summary>
    public static Tensor Softmax(Tensor x, int dim = -1) => SoftmaxCore(x, dim, log: false);

    /// <summary>
    /// x − max − log Σ e^(x − max) along <paramref name="dim"/> (PyTorch <c>F.log_softmax</c>); dX = dY − softmax·Σ dY.
    /// </summary>
    public static Tensor LogSoftmax(Tensor x, int dim = -1) => SoftmaxCore(x, dim, log: true);

    private static Tensor SoftmaxCore(Tensor x, int dim, bool log)
    {
        ArgumentNullException.ThrowIfNull(x);
        var d = ShapeMath.NormalizeDim(dim, x.Rank, nameof(dim));
        var outer = ShapeMath.Product(x.Shape, 0, d);
        var size = x.Shape[d];
        var inner = ShapeMath.Product(x.Shape, d + 1, x.Rank);
        var y = Like(x);
        var (xs, ys) = (x.Storage, y.Storage);
        Parallelism.ForRange(outer * inner, 16, (s, e) =>
        {
            for (var r = s; r < e; r++)
            {
                var baseOffset = ((r / inner) * size * inner) + (r % inner);
                var max = float.NegativeInfinity;
                for (var k = 0; k < size; k++)
                {
                    max = Math.Max(max, xs[baseOffset + (k * inner)]);
                }

                var sum = 0.0;
                for (var k = 0; k < size; k++)
                {
                    sum += Math.Exp(xs[baseOffset + (k * inner)] - max);
                }

                var logSum = (float)Math.Log(sum);
                for (var k = 0; k < size; k++)
                {
                    var i = baseOffset + (k * inner);
                    ys[i] = log ? xs[i] - max - logSum : MathF.Exp(xs[i] - max - logSum);
                }
            }
        });
        if (!Graph.ShouldRecord(x))
        {
            return y;
        }

        return Graph.Record(y, log ? "LogSoftmax" : "Softmax", [x], dY =>
        {
            var dX = Like(x);
            var (gs, ds) = (dY.Storage, dX.Storage);
            Parallelism.ForRange(outer * inner, 16, (s, e) =>
            {
                for (var r = s; r < e; r++)
                {
                    var baseOffset = ((r / inner) * size * inner) + (r % inner);
                    var dot = 0.0;
                    for (var k = 0; k < size; k++)
                    {
                        var i = baseOffset + (k * inner);
                        dot += log ? gs[i] : gs[i] * ys[i];
                    }

                    for (var k = 0; k < size; k++)
                    {
                        var i = baseOffset + (k * inner);
                        ds[i] = log ? gs[i] - (MathF.Exp(ys[i]) * (float)dot) : ys[i] * (gs[i] - (float)dot);
                    }
                }
            });
            Graph.Accumulate(x, dX, owned: true);
        });
    }
}
