using System.Numerics.Tensors;
using MedVision.Tensors.Autograd;
using static MedVision.Tensors.Broadcasting;

namespace MedVision.Tensors;

/// <summary>
/// The functional op surface (PyTorch <c>torch</c> / <c>torch.nn.functional</c> names with .NET casing). Every op
/// returns a new tensor and, when grad mode is on and an input requires grad, records its backward rule.
/// </summary>
/// <remarks>This part: element-wise arithmetic with broadcasting, and the gradient rules of those primitives.</remarks>
public static partial class Ops
{
    /// <summary>a + b with broadcasting (PyTorch <c>torch.add</c>).</summary>
    public static Tensor Add(Tensor a, Tensor b) => Binary(BinaryOp.Add, a, b, "Add");

    /// <summary>a − b with broadcasting (PyTorch <c>torch.sub</c>).</summary>
    public static Tensor Sub(Tensor a, Tensor b) => Binary(BinaryOp.Sub, a, b, "Sub");

    /// <summary>a · b element-wise with broadcasting (PyTorch <c>torch.mul</c>).</summary>
    public static Tensor Mul(Tensor a, Tensor b) => Binary(BinaryOp.Mul, a, b, "Mul");

    /// <summary>a / b element-wise with broadcasting (PyTorch <c>torch.div</c>).</summary>
    public static Tensor Div(Tensor a, Tensor b) => Binary(BinaryOp.Div, a, b, "Div");

    /// <summary>x + s.</summary>
    public static Tensor Add(Tensor x, float s)
    {
        var y = Map(x, (src, dst) => TensorPrimitives.Add(src, s, dst));
        return Graph.ShouldRecord(x) ? Graph.Record(y, "AddScalar", [x], dY => Graph.Accumulate(x, dY, owned: false)) : y;
    }

    /// <summary>x − s.</summary>
    public static Tensor Sub(Tensor x, float s) => Add(x, -s);

    /// <summary>x · s.</summary>
    public static Tensor Mul(Tensor x, float s)
    {
        var y = Map(x, (src, dst) => TensorPrimitives.Multiply(src, s, dst));
        return Graph.ShouldRecord(x) ? Graph.Record(y, "MulScalar", [x], dY => Graph.Accumulate(x, Mul(dY, s), owned: true)) : y;
    }

    /// <summary>x / s.</summary>
    public static Tensor Div(Tensor x, float s) => Mul(x, 1f / s);

    /// <summary>−x.</summary>
    public static Tensor Neg(Tensor x) => Mul(x, -1f);

    /// <summary>eˣ element-wise; dX = dY·y.</summary>
    public static Tensor Exp(Tensor x)
    {
        var y = Map(x, TensorPrimitives.Exp);
        return Graph.ShouldRecord(x) ? Graph.Record(y, "Exp", [x], dY => Graph.Accumulate(x, Zip(dY, y, TensorPrimitives.Multiply), owned: true)) : y;
    }

    /// <summary>Natural logarithm element-wise; dX = dY / x.</summary>
    public static Tensor Log(Tensor x)
    {
        var y = Map(x, TensorPrimitives.Log);
        return Graph.ShouldRecord(x) ? Graph.Record(y, "Log", [x], dY => Graph.Accumulate(x, Zip(dY, x, TensorPrimitives.Divide), owned: true)) : y;
    }

    /// <summary>√x element-wise; dX = dY / (2y).</summary>
    public static Tensor Sqrt(Tensor x)
    {
        var y = Map(x, TensorPrimitives.Sqrt);
        return Graph.ShouldRecord(x)
            ? Graph.Record(y, "Sqrt", [x], dY =>
            {
                var dX = Zip(dY, y, TensorPrimitives.Divide);
                TensorPrimitives.Multiply(dX.Data, 0.5f, dX.Data);
                Graph.Accumulate(x, dX, owned: true);
            })
            : y;
    }

    /// <summary>xᵖ element-wise (PyTorch <c>torch.pow</c> with a scalar exponent); dX = dY·p·xᵖ⁻¹.</summary>
    public static Tensor Pow(Tensor x, float exponent)
    {
        if (exponent == 2f)
        {
            return Square(x);
        }

        var y = Map(x, (src, dst) => TensorPrimitives.Pow(src, exponent, dst));
        return Graph.ShouldRecord(x)
            ? Graph.Record(y, "Pow", [x], dY =>
            {
                var dX = Map(x, (src, dst) => TensorPrimitives.Pow(src, exponent - 1f, dst));
                TensorPrimitives.Multiply(dX.Data, exponent, dX.Data);
                TensorPrimitives.Multiply(dX.Data, dY.Data, dX.Data);
                Graph.Accumulate(x, dX, owned: true);
            })
            : y;
    }

    /// <summary>x² element-wise; dX = 2·x·dY.</summary>
    public static Tensor Square(Tensor x)
    {
        var y = Zip(x, x, TensorPrimitives.Multiply);
        return Graph.ShouldRecord(x)
            ? Graph.Record(y, "Square", [x], dY =>
            {
                var dX = Zip(dY, x, TensorPrimitives.Multiply);
                TensorPrimitives.Multiply(dX.Data, 2f, dX.Data);
                Graph.Accumulate(x, dX, owned: true);
            })
            : y;
    }

    /// <summary>|x| element-wise; dX = sign(x)·dY (0 at 0, as PyTorch).</summary>
    public static Tensor Abs(Tensor x)
    {
        var y = Map(x, TensorPrimitives.Abs);
        return Graph.ShouldRecord(x)
            ? Graph.Record(y, "Abs", [x], dY =>
            {
                var dX = Like(x);
                ReadOnlySpan<float> xs = x.Data, g = dY.Data;
                var d = dX.Data;
                for (var i = 0; i < d.Length; i++)
                {
                    d[i] = xs[i] > 0 ? g[i] : xs[i] < 0 ? -g[i] : 0f;
                }

                Graph.Accumulate(x, dX, owned: true);
            })
            : y;
    }

    /// <summary>
    /// Clamps to [min, max] (either bound optional; PyTorch <c>torch.clamp</c>). The gradient flows where
    /// min ≤ x ≤ max, as PyTorch.
    /// </summary>
    public static Tensor Clamp(Tensor x, float? min = null, float? max = null)
    {
        var lo = min ?? float.NegativeInfinity;
        var hi = max ?? float.PositiveInfinity;
        var y = Like(x);
        ReadOnlySpan<float> xs = x.Data;
        var ys = y.Data;
        for (var i = 0; i < ys.Length; i++)
        {
            ys[i] = Math.Min(Math.Max(xs[i], lo), hi);
        }

        return Graph.ShouldRecord(x)
            ? Graph.Record(y, "Clamp", [x], dY =>
            {
                var dX = Like(x);
                ReadOnlySpan<float> xv = x.Data, g = dY.Data;
                var d = dX.Data;
                for (var i = 0; i < d.Length; i++)
                {
                    d[i] = xv[i] >= lo && xv[i] <= hi ? g[i] : 0f;
                }

                Graph.Accumulate(x, dX, owned: true);
            })
            : y;
    }

    private static Tensor Binary(BinaryOp op, Tensor a, Tensor b, string name)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shape = a.Shape.SequenceEqual(b.Shape) ? a.ShapeArray() : ShapeMath.Broadcast(a.Shape, b.Shape, name);
        var y = new Tensor(StoragePool.Rent(ShapeMath.Count(shape)), shape);
        Apply(op, a, b, y.Data, shape);
        if (!Graph.ShouldRecord(a, b))
        {
            return y;
        }

        return Graph.Record(y, name, [a, b], dY =>
        {
            switch (op)
            {
                case BinaryOp.Add:
                    AccumulateReduced(a, dY, owned: false);
                    AccumulateReduced(b, dY, owned: false);
                    break;
                case BinaryOp.Sub:
                    AccumulateReduced(a, dY, owned: false);
                    if (b.RequiresGrad)
                    {
                        AccumulateReduced(b, Mul(dY, -1f), owned: true);
                    }

                    break;
                case BinaryOp.Mul:
                    if (a.RequiresGrad)
                    {
                        AccumulateReduced(a, Mul(dY, b), owned: true);
                    }

                    if (b.RequiresGrad)
                    {
                        AccumulateReduced(b, Mul(dY, a), owned: true);
                    }

                    break;
                default:
                    if (a.RequiresGrad)
                    {
                        AccumulateReduced(a, Div(dY, b), owned: true);
                    }

                    if (b.RequiresGrad)
                    {
                        // d(a/b)/db = −a/b² = −y/b
                        var t = Div(Mul(dY, y), b);
                        TensorPrimitives.Negate(t.Data, t.Data);
                        AccumulateReduced(b, t, owned: true);
                    }

                    break;
            }
        });
    }

    /// <summary>Accumulates a broadcast-shaped gradient into <paramref name="target"/>, summing over broadcast dimensions.</summary>
    private static void AccumulateReduced(Tensor target, Tensor grad, bool owned)
    {
        if (!target.RequiresGrad)
        {
            return;
        }

        if (grad.Shape.SequenceEqual(target.Shape))
        {
            Graph.Accumulate(target, grad, owned);
            return;
        }

        Graph.Accumulate(target, ReduceTo(grad, target.ShapeArray()), owned: true);
    }

    /// <summary>A new tensor with <paramref name="x"/>'s shape and undefined contents.</summary>
    internal static Tensor Like(Tensor x) => new(StoragePool.Rent(x.Length), x.ShapeArray());

    internal delegate void UnaryKernel(ReadOnlySpan<float> x, Span<float> destination);

    internal delegate void BinaryKernel(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination);

    /// <summary>y = f(x) element-wise in parallel chunks (no recording).</summary>
    internal static Tensor Map(Tensor x, UnaryKernel kernel)
    {
        var y = Like(x);
        var (xs, ys) = (x.Storage, y.Storage);
        Parallelism.ForRange(x.Length, 1 << 15, (s, e) => kernel(xs.AsSpan(s, e - s), ys.AsSpan(s, e - s)));
        return y;
    }

    /// <summary>f(a, b) element-wise over equal shapes, in parallel chunks (no recording).</summary>
    internal static Tensor Zip(Tensor a, Tensor b, BinaryKernel kernel)
    {
        var y = Like(a);
        var (xs, zs, ys) = (a.Storage, b.Storage, y.Storage);
        Parallelism.ForRange(a.Length, 1 << 15, (s, e) => kernel(xs.AsSpan(s, e - s), zs.AsSpan(s, e - s), ys.AsSpan(s, e - s)));
        return y;
    }
}
