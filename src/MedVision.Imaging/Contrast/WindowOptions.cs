namespace MedVision.Imaging;

/// <summary>
/// A display window: <see cref="Center"/> and <see cref="Width"/> in the image's units (Hounsfield units
/// after <see cref="Windowing.Rescale"/>), the VOI function (default <see cref="VoiFunction.Linear"/>) and
/// the output range (default [0, 1]).
/// </summary>
public sealed record WindowOptions
{
    public required double Center { get; init; }

    public required double Width { get; init; }

    public VoiFunction Function { get; init; } = VoiFunction.Linear;

    public double OutputMin { get; init; }

    public double OutputMax { get; init; } = 1.0;
}
