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
        bool training = true, float momentum = 0.1f, float eps = 1e-5f)
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
            for (var ch = s; ch < e; ch++)
            {
                double mu, variance;
                if (training)
                {
                    double sum = 0, sumSq = 0;
                    for (var i = 0; i < n; i++)
                    {
                        sum += System.Numerics.Tensors.TensorPrimitives.Sum(xs.AsSpan(((i * c) + ch) * inner, inner));
                    }

                    mu = sum / m;
                    for (var i = 0; i < n; i++)
                    {
                        foreach (var v in xs.AsSpan(((i * c) + ch) * inner, inner))
                        {
                            var dv = v - mu;
                            sumSq += dv * dv;
                        }
                    }

                    variance = sumSq / m;
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
                    var src = xs.AsSpan(((i * c) + ch) * inner, inner);
                    var dst = ys.AsSpan(((i * c) + ch) * inner, inner);
                    System.Numerics.Tensors.TensorPrimitives.Multiply(src, scale, dst);
                    System.Numerics.Tensors.TensorPrimitives.Add(dst, shift, dst);
                }
            }
        });
        if (!Graph.ShouldRecord(x, weight, bias))
        {
            return y;
        }

        return Graph.Record(y, "BatchNorm", [x, weight, bias], dY =>
        {
            var gs = dY.Storage;
            var dX = x.RequiresGrad ? Like(x) : null;
            var dGamma = weight is { RequiresGrad: true } ? new Tensor(StoragePool.Rent(c), [c]) : null;
            var dBeta = bias is { RequiresGrad: true } ? new Tensor(StoragePool.Rent(c), [c]) : null;
            Parallelism.ForRange(c, 1, (s, e) =>
            {
                for (var ch = s; ch < e; ch++)
                {
                    var mu = mean[ch];
                    var inv = invStd[ch];
                    double sumDy = 0, sumDyXhat = 0;
                    for (var i = 0; i < n; i++)
                    {
                        var src = xs.AsSpan(((i * c) + ch) * inner, inner);
                        var g = gs.AsSpan(((i * c) + ch) * inner, inner);
                        for (var j = 0; j < inner; j++)
                        {
                            sumDy += g[j];
                            sumDyXhat += g[j] * (src[j] - mu) * inv;
                        }
                    }

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
                    for (var i = 0; i < n; i++)
                    {
                        var src = xs.AsSpan(((i * c) + ch) * inner, inner);
                        var g = gs.AsSpan(((i * c) + ch) * inner, inner);
                        var d = ds.AsSpan(((i * c) + ch) * inner, inner);
                        if (training)
                        {
                            // dX = γ·σ̂⁻¹·(dY − mean(dY) − x̂·mean(dY·x̂))
                            var k = gamma * inv;
                            var meanDy = (float)(sumDy / m);
                            var meanDyXhat = (float)(sumDyXhat / m);
                            for (var j = 0; j < inner; j++)
                            {
                                var xhat = (src[j] - mu) * inv;
                                d[j] = k * (g[j] - meanDy - (xhat * meanDyXhat));
                            }
                        }
                        else
                        {
                            System.Numerics.Tensors.TensorPrimitives.Multiply(g, gamma * inv, d);
                        }
                    }
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
