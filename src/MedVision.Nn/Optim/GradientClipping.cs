namespace MedVision.Nn.Optim;

/// <summary>Gradient clipping (PyTorch <c>torch.nn.utils.clip_grad_norm_</c> and <c>clip_grad_value_</c>).</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients by min(1, maxNorm / (‖g‖ + 1e-6)) where ‖g‖ is the <paramref name="normType"/>-norm
    /// (default 2; +∞ for the largest magnitude) over every gradient together; returns ‖g‖ before clipping.
    /// Parameters without a gradient are skipped.
    /// </summary>
    public static double ClipGradNorm(IEnumerable<Parameter> parameters, double maxNorm, double normType = 2)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm >= 0) || !(normType > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), $"maxNorm must be ≥ 0 and normType > 0, got {maxNorm} and {normType}");
        }

        var grads = parameters.Where(p => p.Grad is not null).Select(p => p.Grad!).ToList();
        double total = 0;
        foreach (var g in grads)
        {
            foreach (var v in g.Data)
            {
                total = double.IsPositiveInfinity(normType) ? Math.Max(total, Math.Abs(v)) : total + Math.Pow(Math.Abs(v), normType);
            }
        }

        if (!double.IsPositiveInfinity(normType))
        {
            total = Math.Pow(total, 1 / normType);
        }

        var coefficient = (float)Math.Min(1, maxNorm / (total + 1e-6));
        foreach (var g in grads)
        {
            var data = g.Data;
            for (var i = 0; i < data.Length; i++)
            {
                data[i] *= coefficient;
            }
        }

        return total;
    }

    /// <summary>Clamps every gradient element to [−<paramref name="clipValue"/>, <paramref name="clipValue"/>].</summary>
    public static void ClipGradValue(IEnumerable<Parameter> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var c = (float)clipValue;
        foreach (var p in parameters.Where(p => p.Grad is not null))
        {
            var data = p.Grad!.Data;
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = Math.Clamp(data[i], -c, c);
            }
        }
    }
}
