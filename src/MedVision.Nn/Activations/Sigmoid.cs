using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>1 / (1 + e⁻ˣ) (PyTorch <c>nn.Sigmoid</c>).</summary>
public sealed class Sigmoid : Module
{
    protected override Tensor ForwardCore(Tensor input) => Ops.Sigmoid(input);
}
