using MedVision.Tensors;

namespace MedVision.Nn.Losses;

/// <summary>A training criterion: a differentiable function of the model output and the target.</summary>
public interface ILoss
{
    /// <summary>The loss of <paramref name="input"/> (model output) against <paramref name="target"/>; a scalar unless reduction is None.</summary>
    Tensor Forward(Tensor input, Tensor target);
}
