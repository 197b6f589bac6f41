using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>Adaptive average pooling to a fixed output size (PyTorch <c>nn.AdaptiveAvgPool2d</c>); (1, 1) is global average pooling.</summary>
public sealed class AdaptiveAvgPool2d : Module
{
    public AdaptiveAvgPool2d(int outputHeight, int outputWidth)
    {
        OutputSize = (outputHeight, outputWidth);
    }

    public AdaptiveAvgPool2d(int outputSize)
        : this(outputSize, outputSize)
    {
    }

    public (int H, int W) OutputSize { get; }

    protected override Tensor ForwardCore(Tensor input) => Ops.AdaptiveAvgPool2d(input, OutputSize.H, OutputSize.W);
}
