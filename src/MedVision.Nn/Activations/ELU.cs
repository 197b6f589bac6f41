using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>x for x &gt; 0, α·(eˣ − 1) otherwise (PyTorch <c>nn.ELU</c>, α = 1).</summary>
public sealed class ELU : Module
{
    public ELU(double alpha = 1) => Alpha = alpha;

    public double Alpha { get; }

    protected override Tensor ForwardCore(Tensor input) => Ops.Elu(input, (float)Alpha);
}
