namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// Colour-space conversion asked for explicitly (reading never converts): YBR_FULL (and YBR_FULL_422 once
/// expanded) to RGB with the ITU-R BT.601 full-range matrix of PS3.3 C.7.6.3.1.2, exactly as pydicom's
/// <c>convert_color_space(arr, "YBR_FULL", "RGB")</c>: float32 arithmetic, +0.5, floor, clip to 0–255.
/// </summary>
public static class DicomColor
{
    /// <summary>A new 3-channel image: R, G, B from the Y, Cb, Cr planes of <paramref name="ybr"/> (8-bit values).</summary>
    public static Image YbrFullToRgb(Image ybr)
    {
        ArgumentNullException.ThrowIfNull(ybr);
        if (ybr.Channels != 3)
        {
            throw new ArgumentException($"YBR → RGB needs 3 channels, got {ybr.Channels}", nameof(ybr));
        }

        // pydicom's matrix, in float32: rows are Y, Cb, Cr; columns R, G, B.
        const float CbG = (float)(-0.114 * 1.772 / 0.587);
        const float CrG = (float)(-0.299 * 1.402 / 0.587);
        var rgb = new Image(3, ybr.Height, ybr.Width);
        var y = ybr.Plane(0);
        var cb = ybr.Plane(1);
        var cr = ybr.Plane(2);
        var r = rgb.Plane(0);
        var g = rgb.Plane(1);
        var b = rgb.Plane(2);
        for (var i = 0; i < y.Length; i++)
        {
            var yy = y[i];
            var u = cb[i] - 128f;
            var v = cr[i] - 128f;
            r[i] = Round(yy + (0f * u) + (1.402f * v));
            g[i] = Round(yy + (CbG * u) + (CrG * v));
            b[i] = Round(yy + (1.772f * u) + (0f * v));
        }

        return rgb;
    }

    private static float Round(float x) => Math.Clamp(MathF.Floor(x + 0.5f), 0, 255);
}
