namespace MedVision.Imaging;

/// <summary>
/// Options of <see cref="AdaptiveMedianFilter"/>: the largest window side S_max (default 7, odd), the first
/// window side (default 3, odd) and the border mode (default scipy <c>reflect</c>).
/// </summary>
public sealed record AdaptiveMedianFilterOptions
{
    public int MaxSize { get; init; } = 7;

    public int StartSize { get; init; } = 3;

    public BorderMode Mode { get; init; } = BorderMode.Reflect;
}
