using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>Softmax along <see cref="Dim"/> (PyTorch <c>nn.Softmax</c>; default the last dimension).</summary>
public sealed class Softmax : Module
{
    public Softmax(int dim = -1) => Dim = dim;

    public int Dim { get; }

    protected override Tensor ForwardCore(Tensor input) => Ops.Softmax(input, Dim);
}
