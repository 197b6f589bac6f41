using MedVision.Imaging;
using MedVision.Imaging.Io;
using MedVision.Imaging.Io.Dicom;
using MedVision.Imaging.Io.Jpeg;

namespace MedVision.Web;

/// <summary>
/// Turns uploaded bytes into an image. The format is told by the first bytes alone (PNG signature, JPEG SOI marker,
/// DICOM "DICM" after the preamble or a headerless group-0008 start, NumPy "\x93NUMPY"), never by a file name or a
/// content type; anything else is refused. Formats that name other files (MetaImage's ElementDataFile) are not read
/// from uploads at all. Every reader runs under <see cref="ReadOptions"/> budgets, and any failure of a reader on
/// hostile bytes becomes an <see cref="UploadException"/> with status 400, so a malformed upload never reaches 500.
/// </summary>
public static class UploadDecoder
{
    /// <summary>Name under which the upload appears in reader messages (the client's file name never does).</summary>
    public const string UploadName = "upload";

    /// <summary>The formats uploads may be in, in detection order.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["PNG", "JPEG", "DICOM", "NumPy"];

    /// <summary>The format of <paramref name="bytes"/> by its first bytes, or null when it is none of <see cref="Formats"/>.</summary>
    public static string? Detect(ReadOnlySpan<byte> bytes)
    {
        // The image-format table's own signature tests, limited to the formats an upload may be in.
        var head = bytes[..Math.Min(bytes.Length, 132)];
        foreach (var format in ImageFile.Formats)
        {
            if (format.Magic is { } magic && Formats.Contains(format.Name) && magic(head))
            {
                return format.Name;
            }
        }

        return null;
    }

    /// <summary>
    /// Decodes one 2-D image (stored values, as <c>medvision predict</c> reads files) and names its format.
    /// Throws <see cref="UploadException"/>: 400 for an empty, truncated or inconsistent upload or one over the budgets,
    /// 415 for bytes of no format in <see cref="Formats"/>.
    /// </summary>
    public static (string Format, Image Image) Decode(ReadOnlySpan<byte> bytes, ReadOptions budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        if (bytes.IsEmpty)
        {
            throw new UploadException(400, "Empty upload", "the request carried no image bytes");
        }

        var format = Detect(bytes) ?? throw new UploadException(415, "Unsupported image format",
            $"the upload is not {string.Join(", ", Formats)} (first bytes {Convert.ToHexString(bytes[..Math.Min(8, bytes.Length)])}); formats are told by their first bytes, not by file names");
        try
        {
            var image = format switch
            {
                "PNG" => PngReader.Decode(bytes, UploadName, budget),
                "JPEG" => JpegReader.Decode(bytes, new JpegDecodeOptions { Name = UploadName, Budget = budget }).ToImage(),
                "NumPy" => NpyReader.ToImage(NpyReader.Decode(bytes, UploadName, budget), UploadName),
                _ => DicomImage(bytes, budget),
            };
            if (image.Height == 0 || image.Width == 0)
            {
                throw new UploadException(400, "Malformed image", $"the {format} upload has no pixels ({image.Width}×{image.Height})");
            }

            // A float array (NumPy) may hold NaN or ±∞, which no model can score.
            return !AllFinite(image.Data)
                ? throw new UploadException(400, "Malformed image", $"the {format} upload holds NaN or infinite values")
                : (format, image);
        }
        catch (FormatException e)
        {
            throw new UploadException(400, "Malformed image", $"the {format} upload could not be read: {e.Message}", e);
        }
        catch (Exception e) when (e is not UploadException and not OutOfMemoryException)
        {
            // A reader tripping over hostile bytes in a way it does not name is still the upload's fault, not the server's.
            throw new UploadException(400, "Malformed image", $"the {format} upload could not be decoded ({e.GetType().Name})", e);
        }
    }

    private static bool AllFinite(float[] values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    private static Image DicomImage(ReadOnlySpan<byte> bytes, ReadOptions budget)
    {
        var pixels = DicomFile.Parse(bytes, UploadName, budget).PixelArray();
        return pixels.Frames == 1 ? pixels.ToImage()
            : throw new UploadException(400, "Multi-frame DICOM", $"the DICOM upload holds {pixels.Frames} frames; send one frame (one 2-D image) per request");
    }
}
