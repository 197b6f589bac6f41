namespace MedVision.Imaging.Io.Jpeg;

/// <summary>
/// Reads JPEG files (baseline, extended 12-bit and progressive; gray and colour; any sampling factors; restart
/// markers) with the same output as Pillow's <c>np.asarray(Image.open(path))</c>: libjpeg's islow IDCT, fancy
/// upsampling and YCbCr → RGB, bit for bit. Values stay in the stored range (0–255, or 0–4095 for 12-bit).
/// </summary>
public static class JpegReader
{
    /// <summary>True when the first bytes are SOI followed by a marker (0xFF 0xD8 0xFF).</summary>
    public static bool IsJpeg(ReadOnlySpan<byte> head) => head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF;

    /// <summary>Reads <paramref name="path"/> with the default budgets.</summary>
    public static Image Read(string path) => Read(path, ReadOptions.Default);

    /// <summary>Reads <paramref name="path"/> as a 1-channel (gray), 3-channel (RGB) or 4-channel (CMYK, as Pillow) float image.</summary>
    public static Image Read(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bytes = options.ReadFile(path);
        return Decode(bytes, new JpegDecodeOptions { Name = path, Budget = options }).ToImage();
    }

    /// <summary>Decodes a JPEG stream held in memory, converting YCbCr to RGB as Pillow does.</summary>
    public static JpegImage Decode(ReadOnlySpan<byte> data) => Decode(data, new JpegDecodeOptions());

    /// <summary>Decodes a JPEG stream held in memory.</summary>
    public static JpegImage Decode(ReadOnlySpan<byte> data, JpegDecodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return JpegDecoder.Decode(data.ToArray(), options);
    }

    /// <summary>Describes a JPEG file from its decoded header.</summary>
    public static ImageInfo Inspect(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var image = Decode(options.ReadFile(path), new JpegDecodeOptions { Name = path, Budget = options });
        var properties = new Dictionary<string, string>
        {
            ["precision"] = image.Precision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["progressive"] = image.Progressive ? "yes" : "no",
        };
        return new ImageInfo("JPEG", [image.Width, image.Height], image.Components, image.Precision == 8 ? "uint8" : "uint16", Properties: properties);
    }
}
