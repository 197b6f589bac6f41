namespace MedVision.Imaging.Io.Jpeg;

/// <summary>Options of <see cref="JpegReader.Decode(ReadOnlySpan{byte}, JpegDecodeOptions)"/>.</summary>
public sealed record JpegDecodeOptions
{
    /// <summary>Name used in error messages (a path, or "PixelData frame 3"). Default "JPEG data".</summary>
    public string Name { get; init; } = "JPEG data";

    /// <summary>Colour handling; default <see cref="JpegColorTransform.Auto"/> (as Pillow).</summary>
    public JpegColorTransform ColorTransform { get; init; } = JpegColorTransform.Auto;

    /// <summary>Budgets for the decoded sample count; default <see cref="ReadOptions.Default"/>.</summary>
    public ReadOptions Budget { get; init; } = ReadOptions.Default;
}
