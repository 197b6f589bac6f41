using MedVision.Imaging;
using MedVision.Imaging.Io;
using MedVision.Reports.Images;

namespace MedVision.Pipeline.Reporting;

/// <summary>Saliency overlays as PNG files: a Grad-CAM map in jet colours blended over the grey image it explains.</summary>
public static class Overlays
{
    /// <summary>
    /// An 8-bit RGB PNG of <paramref name="image"/>'s first channel (min–max stretched) with <paramref name="cam"/>
    /// (H·W values in [0, 1], e.g. one map of <c>GradCam.Compute</c> at the network's input size) blended in with
    /// weight <paramref name="alpha"/> (default 0.5).
    /// </summary>
    public static byte[] GradCamPng(Image image, ReadOnlySpan<float> cam, float alpha = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (cam.Length != image.PlaneSize)
        {
            throw new ArgumentException($"cam must have {image.Height}×{image.Width} = {image.PlaneSize} values, got {cam.Length}", nameof(cam));
        }

        var rgb = HeatMap.Overlay(image.Plane(0), cam, alpha);
        return PngWriter.Encode(new Image(3, image.Height, image.Width, rgb), new PngWriteOptions { BitDepth = 8 });
    }
}
