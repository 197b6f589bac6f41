using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>x for x ≥ 0, slope·x otherwise (PyTorch <c>nn.LeakyReLU</c>, slope 0.01).</summary>
public sealed class LeakyReLU : Module
{
    public LeakyReLU(double negativeSlope = 0.01) => NegativeSlope = negativeSlope;

    public double NegativeSlope { get; }

    protected override Tensor ForwardCore(Tensor input) => Ops.LeakyRelu(input, (float)NegativeSlope);
}
