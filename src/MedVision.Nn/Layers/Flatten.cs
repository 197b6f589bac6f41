using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>Merges dimensions <see cref="StartDim"/> … <see cref="EndDim"/> (PyTorch <c>nn.Flatten</c>, defaults 1 and −1).</summary>
public sealed class Flatten : Module
{
    public Flatten(int startDim = 1, int endDim = -1)
    {
        StartDim = startDim;
        EndDim = endDim;
    }

    public int StartDim { get; }

    public int EndDim { get; }

    protected override Tensor ForwardCore(Tensor input) => Ops.Flatten(input, StartDim, EndDim);
}
