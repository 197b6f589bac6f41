namespace MedVision.Imaging.Io;

/// <summary>
/// Entry points that pick a reader or writer: <see cref="Read(string)"/>, <see cref="ReadVolume(string)"/> and
/// <see cref="Write"/>. Reading recognises a file by its first bytes (<see cref="ImageFormat.Magic"/>, in table
/// order) and falls back to its extension; writing goes by extension. <see cref="Formats"/> is the one explicit
/// table of formats: one line each.
/// </summary>
public static class ImageFile
{
    /// <summary>Every format MedVision reads or writes; earlier rows win when several magic tests match.</summary>
    public static IReadOnlyList<ImageFormat> Formats { get; } =
    [
        new("PNG", [".png"], PngReader.IsPng, PngReader.Read, null, PngWriter.Write, PngReader.Inspect),
        new("PNM", [".pbm", ".pgm", ".ppm", ".pnm"], PnmReader.IsPnm, PnmReader.Read, null, PnmWriter.Write, PnmReader.Inspect),
        new("NumPy", [".npy"], NpyReader.IsNpy, NpyReader.ReadImage, NpyReader.ReadVolume, NpyWriter.WriteImage, NpyReader.Inspect),
        new("MetaImage", [".mhd", ".mha"], MetaImageReader.IsMetaImage, MetaImageReader.ReadImage, MetaImageReader.ReadVolume, MetaImageWriter.WriteImage, MetaImageReader.Inspect),
        new("JPEG", [".jpg", ".jpeg"], Jpeg.JpegReader.IsJpeg, Jpeg.JpegReader.Read, null, null, Jpeg.JpegReader.Inspect),
        new("DICOM", [".dcm", ".dicom", ".dic"], Dicom.DicomReader.IsDicom, Dicom.DicomReader.Read, Dicom.DicomReader.ReadVolume, null, Dicom.DicomReader.Inspect),
    ];

    /// <summary>Reads a 2-D image with the default budgets (<see cref="ReadOptions.Default"/>).</summary>
    public static Image Read(string path) => Read(path, ReadOptions.Default);

    /// <summary>
    /// Reads a 2-D image. A volume format holding one slice gives that slice; more slices are an
    /// <see cref="ImageFormatException"/> (use <see cref="ReadVolume(string, ReadOptions)"/>).
    /// </summary>
    public static Image Read(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var format = Detect(path);
        if (format.Read is not null)
        {
            return format.Read(path, options);
        }

        if (format.ReadVolume is null)
        {
            throw new ImageFormatException(path, $"{format.Name} files cannot be read");
        }

        var volume = format.ReadVolume(path, options);
        return volume.Depth == 1 ? volume.Slice(0)
            : throw new ImageFormatException(path, $"holds a volume of {volume.Depth} slices; read it with ImageFile.ReadVolume");
    }

    /// <summary>Reads a 3-D volume with the default budgets.</summary>
    public static Volume ReadVolume(string path) => ReadVolume(path, ReadOptions.Default);

    /// <summary>
    /// Reads a 3-D volume. A one-channel 2-D image gives a volume of depth 1 with unit spacing; a colour
    /// image is an <see cref="ImageFormatException"/>.
    /// </summary>
    public static Volume ReadVolume(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var format = Detect(path);
        if (format.ReadVolume is not null)
        {
            return format.ReadVolume(path, options);
        }

        if (format.Read is null)
        {
            throw new ImageFormatException(path, $"{format.Name} files cannot be read");
        }

        var image = format.Read(path, options);
        return image.Channels == 1 ? new Volume(1, image.Height, image.Width, image.Data)
            : throw new ImageFormatException(path, $"holds a {image.Channels}-channel image, a volume needs one channel");
    }

    /// <summary>
    /// Describes a file: the format's own <see cref="ImageFormat.Inspect"/> when it has one, otherwise the
    /// sizes of what <see cref="Read(string, ReadOptions)"/> or <see cref="ReadVolume(string, ReadOptions)"/> returns.
    /// </summary>
    public static ImageInfo Inspect(string path, ReadOptions? options = null)
    {
        options ??= ReadOptions.Default;
        var format = Detect(path);
        if (format.Inspect is not null)
        {
            return format.Inspect(path, options);
        }

        if (format.Read is not null)
        {
            var image = format.Read(path, options);
            return new ImageInfo(format.Name, [image.Width, image.Height], image.Channels, "float32");
        }

        var volume = ReadVolume(path, options);
        return new ImageInfo(format.Name, [volume.Width, volume.Height, volume.Depth], 1, "float32", volume.Spacing, volume.Origin);
    }

    /// <summary>Writes <paramref name="image"/> in the format its extension names (.png, .pgm/.ppm, .npy, .mhd).</summary>
    public static void Write(string path, Image image)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(image);
        var format = ForExtension(path);
        if (format?.Write is null)
        {
            var writable = string.Join(", ", Formats.Where(f => f.Write is not null).SelectMany(f => f.Extensions));
            throw new ArgumentException($"cannot write '{Path.GetExtension(path)}' files; writable extensions: {writable}", nameof(path));
        }

        format.Write(path, image);
    }

    /// <summary>The format of a file on disk: by its first bytes, else by its extension.</summary>
    public static ImageFormat Detect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // 132 bytes: a DICOM Part 10 file shows its "DICM" magic after a 128-byte preamble.
        Span<byte> head = stackalloc byte[132];
        int count;
        using (var stream = ReadOptions.OpenFile(path))
        {
            count = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        head = head[..count];
        foreach (var format in Formats)
        {
            if (format.Magic is not null && format.Magic(head))
            {
                return format;
            }
        }

        return ForExtension(path)
            ?? throw new ImageFormatException(path, $"unrecognised format (first bytes {Convert.ToHexString(head[..Math.Min(8, count)])}); known: {string.Join(", ", Formats.Select(f => f.Name))}");
    }

    /// <summary>The format whose extension list holds <paramref name="path"/>'s extension, or null.</summary>
    public static ImageFormat? ForExtension(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return Formats.FirstOrDefault(f => f.Extensions.Contains(extension));
    }
}
