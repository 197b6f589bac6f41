namespace MedVision.Imaging;

/// <summary>Options of <see cref="MedianFilter"/>: window side (default 3), border mode (default scipy <c>reflect</c>) and the constant for <see cref="BorderMode.Constant"/>.</summary>
public sealed record MedianFilterOptions
{
    public int Size { get; init; } = 3;

    public BorderMode Mode { get; init; } = BorderMode.Reflect;

    public float Cval { get; init; }
}
