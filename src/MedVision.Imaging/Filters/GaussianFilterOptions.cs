namespace MedVision.Imaging;

/// <summary>
/// Options of <see cref="GaussianFilter"/>: standard deviation in pixels (default 1), truncation in standard
/// deviations (default 4, as scipy), border mode (default scipy <c>reflect</c>) and the constant for
/// <see cref="BorderMode.Constant"/>.
/// </summary>
public sealed record GaussianFilterOptions
{
    public double Sigma { get; init; } = 1.0;

    public double Truncate { get; init; } = 4.0;

    public BorderMode Mode { get; init; } = BorderMode.Reflect;

    public float Cval { get; init; }
}
