namespace MedVision.Imaging;

/// <summary>
/// Options of <see cref="FilterComparison"/>: median and mean window sides (default 3), the adaptive median's
/// largest window (default 7) and the data range for PSNR (default 255, seeds/001's PIXEL_MAX).
/// </summary>
public sealed record FilterComparisonOptions
{
    public int MedianSize { get; init; } = 3;

    public int MeanSize { get; init; } = 3;

    public int AdaptiveMaxSize { get; init; } = 7;

    public double DataRange { get; init; } = 255;
}
