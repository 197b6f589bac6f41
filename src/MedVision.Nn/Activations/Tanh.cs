using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>Hyperbolic tangent (PyTorch <c>nn.Tanh</c>).</summary>
public sealed class Tanh : Module
{
    protected override Tensor ForwardCore(Tensor input) => Ops.Tanh(input);
}
