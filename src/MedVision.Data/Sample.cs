namespace MedVision.Data;

/// <summary>
/// One labelled image of a data set.
/// </summary>
/// <param name="Id">Unique, stable identifier (the path relative to the data root, or a generated name).</param>
/// <param name="Group">The unit that must never be split (source image, region, patient).</param>
/// <param name="Label">Class index into the data set's class names.</param>
/// <param name="Split">Fixed split the sample was filed under (<c>train</c>, <c>val</c>, <c>test</c>), or null.</param>
/// <param name="Source">Where the pixels come from (a file, an archive entry, a region, a volume patch), or null for generated samples.</param>
public sealed record Sample(string Id, string Group, int Label, string? Split = null, PixelSource? Source = null)
{
    /// <summary>The image file of a sample read whole from a file, else null.</summary>
    public string? Path => (Source as FilePixels)?.Path;
}
