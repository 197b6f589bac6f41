using MedVision.Tensors;

namespace MedVision.Nn.Losses;

/// <summary>
/// Binary cross-entropy on logits (PyTorch <c>nn.BCEWithLogitsLoss</c>), numerically stable:
/// ℓ = −w·[p·y·log σ(x) + (1 − y)·log(1 − σ(x))]. <see cref="PosWeight"/> p (one value per class, broadcast over
/// the last dimension) up-weights positives, e.g. n_neg/n_pos for an imbalanced set. Input and target have the
/// same shape; targets are in [0, 1].
/// </summary>
public sealed class BCEWithLogitsLoss : ILoss
{
    public BCEWithLogitsLoss(Tensor? posWeight = null, Tensor? weight = null, Reduction reduction = Reduction.Mean)
    {
        PosWeight = posWeight;
        Weight = weight;
        Reduction = reduction;
    }

    public Tensor? PosWeight { get; }

    public Tensor? Weight { get; }

    public Reduction Reduction { get; }

    public Tensor Forward(Tensor input, Tensor target) =>
        Ops.BinaryCrossEntropyWithLogits(input, target, Weight, PosWeight, Reduction);
}
