using System.Numerics.Tensors;
using MedVision.Tensors.Autograd;
using MedVision.Tensors.Kernels;

namespace MedVision.Tensors;

/// <summary>Matrix products on <see cref="Sgemm"/>: MatMul and Linear, forward and backward side by side.</summary>
public static partial class Ops
{
    /// <summary>
    /// Matrix product (PyTorch <c>torch.matmul</c>) for a (m, k) × (k, n) → (m, n), and batched
    /// (B, m, k) × (B, k, n) → (B, m, n). dA = dC·Bᵀ, dB = Aᵀ·dC.
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var batched = a.Rank == 3 && b.Rank == 3 && a.Shape[0] == b.Shape[0];
        if (!(a.Rank == 2 && b.Rank == 2) && !batched)
        {
            throw new ArgumentException($"MatMul takes (m, k)×(k, n) or (B, m, k)×(B, k, n), got {ShapeMath.Format(a.Shape)} and {ShapeMath.Format(b.Shape)}", nameof(b));
        }

        var batch = batched ? a.Shape[0] : 1;
        int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
        if (b.Shape[^2] != k)
        {
            throw new ArgumentException($"MatMul: inner sizes differ, {ShapeMath.Format(a.Shape)} × {ShapeMath.Format(b.Shape)}", nameof(b));
        }

        int[] shape = batched ? [batch, m, n] : [m, n];
        var c = new Tensor(StoragePool.Rent(batch * m * n), shape);
        for (var i = 0; i < batch; i++)
        {
            // C_i (m, n) = A_i (m, k) · B_i (k, n)
            Sgemm.Multiply(false, false, m, n, k, 1f, a.Data.Slice(i * m * k, m * k), k, b.Data.Slice(i * k * n, k * n), n, 0f, c.Data.Slice(i * m * n, m * n), n);
        }

        if (!Graph.ShouldRecord(a, b))
        {
            return c;
        }

        return Graph.Record(c, "MatMul", [a, b], dC =>
        {
            if (a.RequiresGrad)
            {
                var dA = Like(a);
                for (var i = 0; i < batch; i++)
                {
                    // dA_i (m, k) = dC_i (m, n) · B_iᵀ (n, k)
                    Sgemm.Multiply(false, true, m, k, n, 1f, dC.Data.Slice(i * m * n, m * n), n, b.Data.Slice(i * k * n, k * n), n, 0f, dA.Data.Slice(i * m * k, m * k), k);
                }

                Graph.Accumulate(a, dA, owned: true);
            }

            if (b.RequiresGrad)
            {
                var dB = Like(b);
                for (var i = 0; i < batch; i++)
                {
                    // dB_i (k, n) = A_iᵀ (k, m) · dC_i (m, n)
                    Sgemm.Multiply(true, false, k, n, m, 1f, a.Data.Slice(i * m * k, m * k), k, dC.Data.Slice(i * m * n, m * n), n, 0f, dB.Data.Slice(i * k * n, k * n), n);
                }

                Graph.Accumulate(b, dB, owned: true);
            }
        });
    }

    /// <summary>
    /// y = x·Wᵀ + b (PyTorch <c>F.linear</c>): x (…, in), weight (out, in), bias (out) or null → y (…, out).
    /// dX = dY·W, dW = dYᵀ·x, db = Σ dY over rows.
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2 || x.Rank < 1 || x.Shape[^1] != weight.Shape[1])
        {
            throw new ArgumentException($"Linear: input (…, in) and weight (out, in) must agree, got {ShapeMath.Format(x.Shape)} and {ShapeMath.Format(weight.Shape)}", nameof(weight));
        }

        int inF = weight.Shape[1], outF = weight.Shape[0];
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != outF))
        {
            throw new ArgumentException($"Linear: bias must have shape ({outF}), got {ShapeMath.Format(bias.Shape)}", nameof(bias));
        }

        var rows = x.Length / Math.Max(inF, 1);
        var shape = x.ShapeArray();
        shape[^1] = outF;
        var y = new Tensor(StoragePool.Rent(rows * outF), shape);
        if (bias is not null)
        {
            for (var r = 0; r < rows; r++)
            {
                bias.Data.CopyTo(y.Data.Slice(r * outF, outF));
            }
        }

        // y (rows, out) = x (rows, in) · Wᵀ (in, out) [+ y]
        Sgemm.Multiply(false, true, rows, outF, inF, 1f, x.Data, inF, weight.Data, inF, bias is null ? 0f : 1f, y.Data, outF);
        if (!Graph.ShouldRecord(x, weight, bias))
        {
            return y;
        }

        return Graph.Record(y, "Linear", [x, weight, bias], dY =>
        {
            if (x.RequiresGrad)
            {
                // dX (rows, in) = dY (rows, out) · W (out, in)
                var dX = Like(x);
                Sgemm.Multiply(false, false, rows, inF, outF, 1f, dY.Data, outF, weight.Data, inF, 0f, dX.Data, inF);
                Graph.Accumulate(x, dX, owned: true);
            }

            if (weight.RequiresGrad)
            {
                // dW (out, in) = dYᵀ (out, rows) · x (rows, in)
                var dW = Like(weight);
                Sgemm.Multiply(true, false, outF, inF, rows, 1f, dY.Data, outF, x.Data, inF, 0f, dW.Data, inF);
                Graph.Accumulate(weight, dW, owned: true);
            }

            if (bias is { RequiresGrad: true })
            {
                var dB = new Tensor(StoragePool.Rent(outF, clear: true), [outF]);
                for (var r = 0; r < rows; r++)
                {
                    TensorPrimitives.Add(dB.Data, dY.Data.Slice(r * outF, outF), dB.Data);
                }

                Graph.Accumulate(bias, dB, owned: true);
            }
        });
    }
}
