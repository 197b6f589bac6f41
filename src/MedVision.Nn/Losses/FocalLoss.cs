using MedVision.Tensors;

namespace MedVision.Nn.Losses;

/// <summary>
/// Binary focal loss on logits (Lin et al. 2017; torchvision <c>ops.sigmoid_focal_loss</c>):
/// ℓ = α_t·(1 − p_t)^γ·BCE(x, y) with p = σ(x), p_t = p·y + (1 − p)·(1 − y) and α_t = α·y + (1 − α)·(1 − y)
/// (no α weighting when α &lt; 0). Defaults α = 0.25, γ = 2, mean reduction.
/// </summary>
public sealed class FocalLoss : ILoss
{
    public FocalLoss(double alpha = 0.25, double gamma = 2, Reduction reduction = Reduction.Mean)
    {
        if (!(gamma >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"gamma must be ≥ 0, got {gamma}");
        }

        Alpha = alpha;
        Gamma = gamma;
        Reduction = reduction;
    }

    public double Alpha { get; }

    public double Gamma { get; }

    public Reduction Reduction { get; }

    public Tensor Forward(Tensor input, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        var p = Ops.Sigmoid(input);
        var ce = Ops.BinaryCrossEntropyWithLogits(input, target, reduction: Reduction.None);

        // 1 − p_t = p + y − 2·p·y
        var oneMinusPt = Ops.Sub(Ops.Add(p, target), Ops.Mul(Ops.Mul(p, target), 2f));
        var loss = Ops.Mul(ce, Ops.Pow(oneMinusPt, (float)Gamma));
        if (Alpha >= 0)
        {
            // α_t = (1 − α) + (2α − 1)·y
            var alphaT = Ops.Add(Ops.Mul(target, (float)((2 * Alpha) - 1)), (float)(1 - Alpha));
            loss = Ops.Mul(loss, alphaT);
        }

        return Reduction switch
        {
            Reduction.None => loss,
            Reduction.Sum => Ops.Sum(loss),
            _ => Ops.Mean(loss),
        };
    }
}
