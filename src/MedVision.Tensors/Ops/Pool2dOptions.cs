namespace MedVision.Tensors;

/// <summary>
/// Settings of max and average pooling (PyTorch <c>F.max_pool2d</c>/<c>F.avg_pool2d</c>), each as (height, width).
/// Stride null means the kernel size; padding (0, 0); dilation (1, 1) (max pooling only); floor rounding unless
/// <see cref="CeilMode"/>; average pooling counts padded zeros unless <see cref="CountIncludePad"/> is false.
/// </summary>
public sealed record Pool2dOptions
{
    public required (int H, int W) Kernel { get; init; }

    public (int H, int W)? Stride { get; init; }

    public (int H, int W) Padding { get; init; } = (0, 0);

    public (int H, int W) Dilation { get; init; } = (1, 1);

    public bool CeilMode { get; init; }

    public bool CountIncludePad { get; init; } = true;
}
