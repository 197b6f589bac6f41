using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace MedVision.Imaging.Io;

/// <summary>
/// Writes MetaImage files as ITK's MetaImageIO does: a <c>.mhd</c> header beside a <c>.raw</c> data file of the
/// same name, or a single <c>.mha</c> with the data after the header (ElementDataFile = LOCAL); little endian,
/// x fastest. TransformMatrix row i is the world direction of index axis i (column i of <see cref="Volume.Direction"/>).
/// </summary>
public static class MetaImageWriter
{
    /// <summary>Writes <paramref name="volume"/> as MET_FLOAT.</summary>
    public static void Write(string path, Volume volume) => Write(path, volume, new MetaImageWriteOptions());

    /// <summary>Writes <paramref name="volume"/> with <paramref name="options"/>.</summary>
    public static void Write(string path, Volume volume, MetaImageWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var transform = new double[9];
        for (var axis = 0; axis < 3; axis++)
        {
            for (var world = 0; world < 3; world++)
            {
                transform[(axis * 3) + world] = volume.Direction[(world * 3) + axis];
            }
        }

        WriteFile(path, [volume.Width, volume.Height, volume.Depth], 1, volume.Spacing, volume.Origin, transform, volume.Data, options);
    }

    /// <summary>Writes a 2-D image (NDims = 2, ElementNumberOfChannels = its channels) as MET_FLOAT.</summary>
    public static void WriteImage(string path, Image image) => WriteImage(path, image, new MetaImageWriteOptions());

    /// <summary>Writes a 2-D image with <paramref name="options"/>.</summary>
    public static void WriteImage(string path, Image image, MetaImageWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        var plane = image.PlaneSize;
        var interleaved = new float[image.Data.Length];
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < image.Channels; c++)
            {
                interleaved[(i * image.Channels) + c] = image.Data[(c * plane) + i];
            }
        }

        WriteFile(path, [image.Width, image.Height], image.Channels, [1, 1], [0, 0], [1, 0, 0, 1], interleaved, options);
    }

    private static void WriteFile(string path, int[] dims, int channels, double[] spacing, double[] origin, double[] transform, float[] values, MetaImageWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var met = options.ElementType switch
        {
            NpyDType.UInt8 => "MET_UCHAR",
            NpyDType.Int8 => "MET_CHAR",
            NpyDType.UInt16 => "MET_USHORT",
            NpyDType.Int16 => "MET_SHORT",
            NpyDType.UInt32 => "MET_UINT",
            NpyDType.Int32 => "MET_INT",
            NpyDType.UInt64 => "MET_ULONG_LONG",
            NpyDType.Int64 => "MET_LONG_LONG",
            NpyDType.Float32 => "MET_FLOAT",
            NpyDType.Float64 => "MET_DOUBLE",
            _ => throw new ArgumentException($"ElementType {options.ElementType} has no MetaImage equivalent", nameof(options)),
        };
        var local = Path.GetExtension(path).Equals(".mha", StringComparison.OrdinalIgnoreCase);
        var rawPath = Path.ChangeExtension(path, ".raw");
        using var data = new MemoryStream();
        var array = options.ElementType is NpyDType.Float64 or NpyDType.Int32 or NpyDType.UInt32 or NpyDType.Int64 or NpyDType.UInt64
            ? new NpyArray([values.Length], Array.ConvertAll(values, v => (double)v), options.ElementType)
            : new NpyArray([values.Length], values, options.ElementType);
        if (options.Compressed)
        {
            using var zlib = new ZLibStream(data, CompressionLevel.Optimal, leaveOpen: true);
            NpyWriter.WriteData(zlib, array);
        }
        else
        {
            NpyWriter.WriteData(data, array);
        }

        var n = dims.Length;
        string Numbers(IEnumerable<double> v) => string.Join(" ", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
        var header = new StringBuilder()
            .Append("ObjectType = Image\n")
            .Append(CultureInfo.InvariantCulture, $"NDims = {n}\n")
            .Append("BinaryData = True\nBinaryDataByteOrderMSB = False\n")
            .Append(CultureInfo.InvariantCulture, $"CompressedData = {(options.Compressed ? "True" : "False")}\n");
        if (options.Compressed)
        {
            header.Append(CultureInfo.InvariantCulture, $"CompressedDataSize = {data.Length}\n");
        }

        header.Append(CultureInfo.InvariantCulture, $"TransformMatrix = {Numbers(transform)}\n")
            .Append(CultureInfo.InvariantCulture, $"Offset = {Numbers(origin)}\n")
            .Append(CultureInfo.InvariantCulture, $"ElementSpacing = {Numbers(spacing)}\n")
            .Append(CultureInfo.InvariantCulture, $"DimSize = {string.Join(" ", dims)}\n");
        if (channels > 1)
        {
            header.Append(CultureInfo.InvariantCulture, $"ElementNumberOfChannels = {channels}\n");
        }

        header.Append(CultureInfo.InvariantCulture, $"ElementType = {met}\n")
            .Append(CultureInfo.InvariantCulture, $"ElementDataFile = {(local ? "LOCAL" : Path.GetFileName(rawPath))}\n");
        using var output = new FileStream(path, FileMode.Create, FileAccess.Write);
        output.Write(Encoding.ASCII.GetBytes(header.ToString()));
        if (local)
        {
            data.WriteTo(output);
        }
        else
        {
            File.WriteAllBytes(rawPath, data.ToArray());
        }
    }

}
