using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>Average pooling (PyTorch <c>nn.AvgPool2d</c>); stride defaults to the kernel size, padding counts by default.</summary>
public sealed class AvgPool2d : Module
{
    public AvgPool2d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
    {
        Options = new Pool2dOptions
        {
            Kernel = (kernelSize, kernelSize),
            Stride = stride is { } s ? (s, s) : null,
            Padding = (padding, padding),
            CeilMode = ceilMode,
            CountIncludePad = countIncludePad,
        };
    }

    public Pool2dOptions Options { get; }

    protected override Tensor ForwardCore(Tensor input) => Ops.AvgPool2d(input, Options);
}
