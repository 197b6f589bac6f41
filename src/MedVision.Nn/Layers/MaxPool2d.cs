using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>Max pooling (PyTorch <c>nn.MaxPool2d</c>); stride defaults to the kernel size.</summary>
public sealed class MaxPool2d : Module
{
    public MaxPool2d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false)
    {
        Options = new Pool2dOptions { Kernel = (kernelSize, kernelSize), Stride = stride is { } s ? (s, s) : null, Padding = (padding, padding), CeilMode = ceilMode };
    }

    public Pool2dOptions Options { get; }

    protected override Tensor ForwardCore(Tensor input) => Ops.MaxPool2d(input, Options);
}
