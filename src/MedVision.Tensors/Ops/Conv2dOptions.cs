namespace MedVision.Tensors;

/// <summary>
/// Settings of <see cref="Ops.Conv2d(Tensor, Tensor, Tensor?, Conv2dOptions)"/> (PyTorch <c>F.conv2d</c> arguments),
/// each as (height, width). Defaults: stride (1, 1), padding (0, 0), dilation (1, 1), one group.
/// </summary>
public sealed record Conv2dOptions
{
    public (int H, int W) Stride { get; init; } = (1, 1);

    public (int H, int W) Padding { get; init; } = (0, 0);

    public (int H, int W) Dilation { get; init; } = (1, 1);

    public int Groups { get; init; } = 1;
}
