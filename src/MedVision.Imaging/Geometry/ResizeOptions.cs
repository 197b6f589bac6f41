namespace MedVision.Imaging;

/// <summary>
/// Options of <see cref="Resize"/>: output size, interpolation (default <see cref="Interpolation.Linear"/>) and
/// anti-aliasing (default off): a Gaussian blur before shrinking with σ = max(0, (scale − 1)/2) per axis and
/// whole-sample mirrored borders, as scikit-image <c>resize(anti_aliasing=True)</c> does.
/// </summary>
public sealed record ResizeOptions
{
    public required int Height { get; init; }

    public required int Width { get; init; }

    public Interpolation Interpolation { get; init; } = Interpolation.Linear;

    public bool AntiAliasing { get; init; }
}
