namespace MedVision.Imaging.Io;

/// <summary>
/// What a file holds, from its header: sizes in (x, y[, z]) order, channels per pixel, the stored element
/// type in NumPy spelling ("uint8", "uint16", "float32"), and for volumes spacing and origin in mm (x, y, z).
/// <see cref="Properties"/> carries format-specific facts (bit depth, colour type, interlace, byte order).
/// </summary>
public sealed record ImageInfo(
    string Format,
    IReadOnlyList<long> Sizes,
    int Channels,
    string ElementType,
    IReadOnlyList<double>? Spacing = null,
    IReadOnlyList<double>? Origin = null,
    IReadOnlyDictionary<string, string>? Properties = null);
