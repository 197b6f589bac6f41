using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>max(x, 0) (PyTorch <c>nn.ReLU</c>).</summary>
public sealed class ReLU : Module
{
    protected override Tensor ForwardCore(Tensor input) => Ops.Relu(input);
}
