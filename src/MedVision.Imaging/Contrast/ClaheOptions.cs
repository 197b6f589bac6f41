namespace MedVision.Imaging;

/// <summary>
/// Options of <see cref="Clahe"/>, named as scikit-image <c>equalize_adapthist</c>'s arguments.
/// </summary>
public sealed record ClaheOptions
{
    /// <summary>Contextual-region height in pixels; null (default) = max(H/8, 1) as scikit-image.</summary>
    public int? KernelHeight { get; init; }

    /// <summary>Contextual-region width in pixels; null (default) = max(W/8, 1).</summary>
    public int? KernelWidth { get; init; }

    /// <summary>Sets <see cref="KernelHeight"/> and <see cref="KernelWidth"/> to one value (scikit-image's scalar <c>kernel_size</c>).</summary>
    public int? KernelSize
    {
        get => KernelHeight == KernelWidth ? KernelHeight : null;
        init
        {
            KernelHeight = value;
            KernelWidth = value;
        }
    }

    /// <summary>Clip limit normalised to (0, 1] (default 0.01); 0 means no clipping (plain adaptive equalisation).</summary>
    public double ClipLimit { get; init; } = 0.01;

    /// <summary>Number of grey bins of each regional histogram (default 256).</summary>
    public int NBins { get; init; } = 256;

    /// <summary>
    /// The value that stands for full scale when the input is quantised to 16 bits (scikit-image's
    /// <c>img_as_uint</c>): null (default) picks 1 when the image maximum is ≤ 1, 255 when it is ≤ 255 and
    /// 65535 otherwise — the ranges of float, 8-bit and 16-bit images.
    /// </summary>
    public double? InputMax { get; init; }

    /// <summary>The output is scaled to [0, OutputMax] (default 1, scikit-image's float output).</summary>
    public double OutputMax { get; init; } = 1.0;
}
