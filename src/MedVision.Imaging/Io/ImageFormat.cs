namespace MedVision.Imaging.Io;

/// <summary>True when the first bytes of a file (up to 64, fewer for short files) belong to a format.</summary>
public delegate bool MagicTest(ReadOnlySpan<byte> head);

/// <summary>
/// One row of <see cref="ImageFile.Formats"/>: a format's name, its file extensions (lower case, with the dot),
/// how to recognise its first bytes, and what MedVision can do with it. A null delegate means "not supported".
/// </summary>
/// <param name="Name">Short name shown by <c>medvision inspect</c> ("PNG", "NumPy").</param>
/// <param name="Extensions">Extensions that select the format when the magic bytes do not (".png").</param>
/// <param name="Magic">Recognises the first bytes; null when the format has no signature.</param>
/// <param name="Read">Reads a 2-D image.</param>
/// <param name="ReadVolume">Reads a 3-D volume (formats whose files may hold more than one slice).</param>
/// <param name="Write">Writes a 2-D image.</param>
/// <param name="Inspect">Describes the file from its header (element type, geometry); optional.</param>
public sealed record ImageFormat(
    string Name,
    IReadOnlyList<string> Extensions,
    MagicTest? Magic,
    Func<string, ReadOptions, Image>? Read,
    Func<string, ReadOptions, Volume>? ReadVolume = null,
    Action<string, Image>? Write = null,
    Func<string, ReadOptions, ImageInfo>? Inspect = null);
