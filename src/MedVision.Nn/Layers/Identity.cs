using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>Returns its input (PyTorch <c>nn.Identity</c>); a placeholder where an architecture drops a layer.</summary>
public sealed class Identity : Module
{
    protected override Tensor ForwardCore(Tensor input) => input;
}
