using System.Text;

namespace MedVision.Imaging.Io;

/// <summary>
/// Writes binary PGM (P5, one channel) or PPM (P6, three channels). Samples are rounded to integers; maxval is 255
/// when all fit in 0…255, otherwise 65535 with big-endian 16-bit samples (see <see cref="SampleRange"/>).
/// </summary>
public static class PnmWriter
{
    /// <summary>Writes <paramref name="image"/> (1 or 3 channels) to <paramref name="path"/>.</summary>
    public static void Write(string path, Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        File.WriteAllBytes(path, Encode(image));
    }

    /// <summary>The P5/P6 bytes of <paramref name="image"/>.</summary>
    public static byte[] Encode(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels is not (1 or 3))
        {
            throw new ArgumentException($"PNM holds 1 (PGM) or 3 (PPM) channels, got {image.Channels}", nameof(image));
        }

        var max = SampleRange.ChooseBitDepth(image) == 8 ? 255 : 65535;
        var header = Encoding.ASCII.GetBytes($"{(image.Channels == 1 ? "P5" : "P6")}\n{image.Width} {image.Height}\n{max}\n");
        var bytesPerSample = max > 255 ? 2 : 1;
        var count = image.Data.Length;
        var bytes = new byte[header.Length + (count * bytesPerSample)];
        header.CopyTo(bytes, 0);
        var planeSize = image.PlaneSize;
        var pos = header.Length;
        for (var i = 0; i < planeSize; i++)
        {
            for (var c = 0; c < image.Channels; c++)
            {
                var v = SampleRange.ToInteger(image.Data[(c * planeSize) + i], max);
                if (bytesPerSample == 2)
                {
                    bytes[pos++] = (byte)(v >> 8);
                }

                bytes[pos++] = (byte)v;
            }
        }

        return bytes;
    }
}
