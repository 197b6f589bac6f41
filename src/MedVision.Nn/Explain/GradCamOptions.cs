namespace MedVision.Nn.Explain;

/// <summary>Settings of <see cref="GradCam.Compute(Module, Tensors.Tensor, GradCamOptions)"/>.</summary>
public sealed record GradCamOptions
{
    /// <summary>Dotted name of the target module (<c>"9"</c>, <c>"layer4.1.conv2"</c>); null picks the last <see cref="Conv2d"/>.</summary>
    public string? Layer { get; init; }

    /// <summary>The logit explained (column of the model's (N, K) output); default 0, the positive class of a one-logit model.</summary>
    public int OutputIndex { get; init; }
}
