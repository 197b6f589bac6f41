using MedVision.Imaging;
using MedVision.Imaging.Io;

namespace MedVision.Pipeline.Reporting;

/// <summary>PNG thumbnails for report galleries: grey levels stretched to 0–255 per image (min–max).</summary>
public static class Thumbnails
{
    /// <summary>The image's first channel as an 8-bit PNG, contrast-stretched.</summary>
    public static byte[] Png(Image image)
    {
        var plane = image.Plane(0);
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in plane)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        var scale = max > min ? 255f / (max - min) : 0f;
        var bytes = new float[plane.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = MathF.Round((plane[i] - min) * scale);
        }

        return PngWriter.Encode(new Image(1, image.Height, image.Width, bytes), new PngWriteOptions { BitDepth = 8 });
    }
}
