using System.Numerics.Tensors;
using MedVision.Tensors.Autograd;

namespace MedVision.Tensors;

/// <summary>Activation functions (PyTorch <c>torch.nn.functional</c>) and their gradients.</summary>
public static partial class Ops
{
    /// <summary>max(x, 0) (PyTorch <c>F.relu</c>); dX = dY where x &gt; 0.</summary>
    public static Tensor Relu(Tensor x) => LeakyRelu(x, 0f, "Relu");

    /// <summary>
    /// max(a + b, 0) for a and b of one shape (the end of a residual block), the same bits as <c>Relu(Add(a, b))</c> in
    /// one pass; training records only the output, which masks the gradient both inputs receive.
    /// </summary>
    public static Tensor AddRelu(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.Shape.SequenceEqual(b.Shape))
        {
            throw new ArgumentException($"AddRelu needs inputs of one shape, got {ShapeMath.Format(a.Shape)} and {ShapeMath.Format(b.Shape)}", nameof(b));
        }

        var y = Zip(a, b, (x, z, dst) =>
        {
            TensorPrimitives.Add(x, z, dst);
            TensorPrimitives.Max(dst, 0f, dst);
        });
        return Graph.ShouldRecord(a, b)
            ? Graph.Record(y, "AddRelu", [a, b], dY =>
            {
                var dX = Like(y);
                var (ys, gs, ds) = (y.Storage, dY.Storage, dX.Storage);
                Parallelism.ForRange(y.Length, 1 << 15, (s, e) =>
                    Kernels.Elementwise.LeakyReluBackward(ys.AsSpan(s, e - s), gs.AsSpan(s, e - s), 0f, ds.AsSpan(s, e - s)));
                Graph.Accumulate(a, dX, owned: false);
                Graph.Accumulate(b, dX, owned: true);
            })
            : y;
    }

    /// <summary>x if x &gt; 0 else slope·x (PyTorch <c>F.leaky_relu</c>, default slope 0.01); dX = dY·(x &gt; 0 ? 1 : slope).</summary>
    public static Tensor LeakyRelu(Tensor x, float negativeSlope = 0.01f) => LeakyRelu(x, negativeSlope, "LeakyRelu");

    /// <summary>x if x &gt; 0 else α(eˣ − 1) (PyTorch <c>F.elu</c>, default α = 1); dX = dY·(x &gt; 0 ? 1 : y + α).</summary>
    public static Tensor Elu(Tensor x, float alpha = 1f)
    {
        var y = Map(x, (src, dst) =>
        {
            for (var i = 0; i < dst.Length; i++)
            {
                dst[i] = src[i] > 0 ? src[i] : alpha * (MathF.Exp(src[i]) - 1f);
            }
        });
        return Graph.ShouldRecord(x)
            ? Graph.Record(y, "Elu", [x], dY =>
            {
                var dX = Like(x);
                ReadOnlySpan<float> xs = x.Data, ys = y.Data, g = dY.Data;
                var d = dX.Data;
                for (var i = 0; i < d.Length; i++)
                {
                    d[i] = xs[i] > 0 ? g[i] : g[i] * (ys[i] + alpha);
                }

                Graph.Accumulate(x, dX, owned: true);
            })
            : y;
    }

    /// <summary>1 / (1 + e⁻ˣ) (PyTorch <c>torch.sigmoid</c>); dX = dY·y·(1 − y).</summary>
    public static Tensor Sigmoid(Tensor x)
    {
        var y = Map(x, TensorPrimitives.Sigmoid);
        return Graph.ShouldRecord(x)
            ? Graph.Record(y, "Sigmoid", [x], dY =>
            {
                var dX = Like(x);
                ReadOnlySpan<float> ys = y.Data, g = dY.Data;
                var d = dX.Data;
                for (var i = 0; i < d.Length; i++)
                {
                    d[i] = g[i] * ys[i] * (1f - ys[i]);
                }

                Graph.Accumulate(x, dX, owned: true);
            })
            : y;
    }

    /// <summary>tanh x (PyTorch <c>torch.tanh</c>); dX = dY·(1 − y²).</summary>
    public static Tensor Tanh(Tensor x)
    {
        var y = Map(x, TensorPrimitives.Tanh);
        return Graph.ShouldRecord(x)
            ? Graph.Record(y, "Tanh", [x], dY =>
            {
                var dX = Like(x);
                ReadOnlySpan<float> ys = y.Data, g = dY.Data;
                var d = dX.Data;
                for (var i = 0; i < d.Length; i++)
                {
                    d[i] = g[i] * (1f - (ys[i] * ys[i]));
                }

                Graph.Accumulate(x, dX, owned: true);
            })
            : y;
    }

    private static Tensor LeakyRelu(Tensor x, float slope, string name)
    {
        var y = Map(x, (src, dst) =>
        {
            if (slope == 0f)
            {
                TensorPrimitives.Max(src, 0f, dst);
                return;
            }

            for (var i = 0; i < dst.Length; i++)
            {
                dst[i] = src[i] > 0 ? src[i] : slope * src[i];
            }
        });
        return Graph.ShouldRecord(x)
            ? Graph.Record(y, name, [x], dY =>
            {
                var dX = Like(x);
                var (xs, gs, ds) = (x.Storage, dY.Storage, dX.Storage);
                Parallelism.ForRange(x.Length, 1 << 15, (s, e) =>
                    Kernels.Elementwise.LeakyReluBackward(xs.AsSpan(s, e - s), gs.AsSpan(s, e - s), slope, ds.AsSpan(s, e - s)));
                Graph.Accumulate(x, dX, owned: true);
            })
            : y;
    }
}
