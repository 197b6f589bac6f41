using System.Numerics.Tensors;
using MedVision.Tensors.Autograd;

namespace MedVision.Tensors;

/// <summary>Batch normalisation over (N, C, …), forward and backward side by side.</summary>
public static partial class Ops
{
    /// <summary>
    /// Batch normalisation (PyTorch <c>F.batch_norm</c>) of x (N, C) or (N, C, …) per channel C:
    /// y = (x − μ)/√(σ² + ε)·γ + β. In training, μ and σ² (biased) come from the batch and, when given,
    /// <paramref name="runningMean"/>/<paramref name="runningVar"/> (C) are updated in place:
    /// r ← (1 − momentum)·r + momentum·stat, the variance with the unbiased n/(n − 1) correction. In evaluation
    /// the running statistics are used. <paramref name="weight"/> γ and <paramref name="bias"/> β (C) may be null.
    /// Training backward: dX = γ/(σ̂·M)·(M·dY − ΣdY − x̂·Σ dY·x̂) with M = N·spatial, x̂ the normalised input.
    /// </summary>
    public static Tensor BatchNorm(
        Tensor x, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = true, float momentum = 0.1f, float eps = 1e-5f) =>
        BatchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps, relu: false);

    /// <summary>
    /// <c>Relu(BatchNorm(…))</c> as one op, the same bits forward and backward: each plane is rectified while it is
    /// still in cache, and the gradient is masked by the output (y &gt; 0 exactly where the normalised value is) plane
    /// by plane inside the batch-norm backward. Training records one full-size tensor instead of two (the normalised
    /// values before the ReLU are never stored), as PyTorch's in-place ReLU after a batch norm does.
    /// </summary>
    public static Tensor BatchNormRelu(
        Tensor x, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = true, float momentum = 0.1f, float eps = 1e-5f) =>
        BatchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps, relu: true);

    private static Tensor BatchNorm(
        Tensor x, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        bool training, float momentum, float eps, bool relu)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 2)
        {
            throw new ArgumentException($"BatchNorm input must be (N, C, …), got {ShapeMath.Format(x.Shape)}", nameof(x));
        }

        var n = x.Shape[0];
        var c = x.Shape[1];
        var inner = ShapeMath.Product(x.Shape, 2, x.Rank);
        var m = n * inner;
        foreach (var (t, name) in new[] { (runningMean, nameof(runningMean)), (runningVar, nameof(runningVar)), (weight, nameof(weight)), (bias, nameof(bias)) })
        {
            if (t is not null && t.Length != c)
            {
                throw new ArgumentException($"{name} must hold {c} values (one per channel), got shape {ShapeMath.Format(t.Shape)}", name);
            }
        }

        if (!training && (runningMean is null || runningVar is null))
        {
            throw new ArgumentException("BatchNorm in evaluation mode needs runningMean and runningVar", nameof(runningMean));
        }

        if (training && m <= 1)
        {
            throw new ArgumentException($"BatchNorm in training needs more than one value per channel, got input shape {ShapeMath.Format(x.Shape)}", nameof(x));
        }

        var mean = new float[c];
        var invStd = new float[c];
        var xs = x.Storage;
        var y = Like(x);
        var ys = y.Storage;
        Parallelism.ForRange(c, 1, (s, e) =>
        {
            var centred = training ? StoragePool.Rent(inner) : null;
            for (var ch = s; ch < e; ch++)
            {
                double mu, variance;
                if (training)
                {
                    // Two passes (mean, then squared deviations), each plane summed in float vector lanes and the
                    // planes added in double.
                    double sum = 0, sumSq = 0;
                    for (var i = 0; i < n; i++)
                    {
                        sum += TensorPrimitives.Sum(xs.AsSpan(((i * c) + ch) * inner, inner));
                    }

                    mu = sum / m;
                    var tmp = centred.AsSpan(0, inner);
                    for (var i = 0; i < n; i++)
                    {
                        TensorPrimitives.Subtract(xs.AsSpan(((i * c) + ch) * inner, inner), (float)mu, tmp);
                        sumSq += TensorPrimitives.SumOfSquares(tmp);
                    }

                    // The deviations were taken from the float mean; correct for its rounding (exact in real numbers).
                    var muError = sum / m - (float)mu;
                    variance = Math.Max(0, (sumSq / m) - (muError * muError));
                    if (runningMean is not null)
                    {
                        runningMean.Storage[ch] = (float)(((1 - momentum) * runningMean.Storage[ch]) + (momentum * mu));
                    }

                    if (runningVar is not null)
                    {
                        runningVar.Storage[ch] = (float)(((1 - momentum) * runningVar.Storage[ch]) + (momentum * variance * m / (m - 1)));
                    }
                }
                else
                {
                    mu = runningMean!.Storage[ch];
                    variance = runningVar!.Storage[ch];
                }

                var inv = (float)(1.0 / Math.Sqrt(variance + eps));
                mean[ch] = (float)mu;
                invStd[ch] = inv;
                var gamma = weight?.Storage[ch] ?? 1f;
                var beta = bias?.Storage[ch] ?? 0f;
                var scale = gamma * inv;
                var shift = beta - ((float)mu * scale);
                for (var i = 0; i < n; i++)
                {
                    var offset = ((i * c) + ch) * inner;
                    var plane = ys.AsSpan(offset, inner);
                    Kernels.Elementwise.ScaleShift(xs.AsSpan(offset, inner), scale, shift, plane);
                    if (relu)
                    {
                        TensorPrimitives.Max(plane, 0f, plane);
                    }
                }
            }

            if (centred is not null)
            {
                StoragePool.Return(centred);
            }
        });
        if (!Graph.ShouldRecord(x, weight, bias))
        {
            return y;
        }

        return Graph.Record(y, relu ? "BatchNormRelu" : "BatchNorm", [x, weight, bias], dY =>
        {
            var gs = dY.Storage;
            var dX = x.RequiresGrad ? Like(x) : null;
            var dGamma = weight is { RequiresGrad: true } ? new Tensor(StoragePool.Rent(c), [c]) : null;
            var dBeta = bias is { RequiresGrad: true } ? new Tensor(StoragePool.Rent(c), [c]) : null;
            Parallelism.ForRange(c, 1, (s, e) =>
            {
                // x − μ of the whole channel, taken once for the sums and reused for dX; with the ReLU, the channel's
                // gradient masked by the output, as the ReLU's own backward would have handed it on.
                var centred = StoragePool.Rent(n * inner);
                var masked = relu ? StoragePool.Rent(n * inner) : null;
                for (var ch = s; ch < e; ch++)
                {
                    var mu = mean[ch];
                    var inv = invStd[ch];
                    // ΣdY and Σ dY·x̂ = σ̂⁻¹·Σ dY·(x − μ), each plane in float vector lanes, the planes added in double.
                    double sumDy = 0, sumDyCentred = 0;
                    for (var i = 0; i < n; i++)
                    {
                        var offset = ((i * c) + ch) * inner;
                        ReadOnlySpan<float> g = gs.AsSpan(offset, inner);
                        if (masked is not null)
                        {
                            var m0 = masked.AsSpan(i * inner, inner);
                            Kernels.Elementwise.LeakyReluBackward(ys.AsSpan(offset, inner), g, 0f, m0);
                            g = m0;
                        }

                        var tmp = centred.AsSpan(i * inner, inner);
                        TensorPrimitives.Subtract(xs.AsSpan(offset, inner), mu, tmp);
                        sumDy += TensorPrimitives.Sum(g);
                        sumDyCentred += TensorPrimitives.Dot(g, tmp);
                    }

                    var sumDyXhat = sumDyCentred * inv;
                    if (dGamma is not null)
                    {
                        dGamma.Storage[ch] = (float)sumDyXhat;
                    }

                    if (dBeta is not null)
                    {
                        dBeta.Storage[ch] = (float)sumDy;
                    }

                    if (dX is null)
                    {
                        continue;
                    }

                    var gamma = weight?.Storage[ch] ?? 1f;
                    var ds = dX.Storage;
                    var k = gamma * inv;
                    // dX = γ·σ̂⁻¹·(dY − mean(dY) − x̂·mean(dY·x̂)) = k·dY − k·mean(dY) − (k·σ̂⁻¹·mean(dY·x̂))·(x − μ)
                    var meanDy = (float)(sumDy / m);
                    var slope = -(k * inv * (float)(sumDyXhat / m));
                    for (var i = 0; i < n; i++)
                    {
                        var offset = ((i * c) + ch) * inner;
                        var g = masked is null ? gs.AsSpan(offset, inner) : masked.AsSpan(i * inner, inner);
                        var d = ds.AsSpan(offset, inner);
                        if (training)
                        {
                            Kernels.Elementwise.ScaleShift(g, k, -(k * meanDy), d);
                            TensorPrimitives.MultiplyAdd(centred.AsSpan(i * inner, inner), slope, d, d);
                        }
                        else
                        {
                            TensorPrimitives.Multiply(g, k, d);
                        }
                    }
                }

                StoragePool.Return(centred);
                if (masked is not null)
                {
                    StoragePool.Return(masked);
                }
            });
            if (dX is not null)
            {
                Graph.Accumulate(x, dX, owned: true);
            }

            if (dGamma is not null)
            {
                Graph.Accumulate(weight!, dGamma, owned: true);
            }

            if (dBeta is not null)
            {
                Graph.Accumulate(bias!, dBeta, owned: true);
            }
        });
    }
}
