namespace MedVision.Reports.Figures;

/// <summary>Options of <see cref="FigureWriter"/>.</summary>
public sealed record FigureWriteOptions
{
    /// <summary>PNG pixels per SVG unit: 3 (default) gives a 420-unit chart 1,260 pixels, about 300 dpi at 4.4 inches.</summary>
    public double Scale { get; init; } = 3;

    /// <summary>Also write PNGs (default); SVGs are always written.</summary>
    public bool Png { get; init; } = true;
}
