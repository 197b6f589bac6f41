namespace MedVision.Reports.Images;

/// <summary>
/// Colour heat maps for saliency overlays: the classic "jet" ramp (blue → cyan → yellow → red; the
/// piecewise-linear MATLAB/matplotlib definition, close to OpenCV's <c>COLORMAP_JET</c> that pytorch-grad-cam
/// uses) blended over a grey image, as pytorch-grad-cam's <c>show_cam_on_image</c> does.
/// </summary>
public static class HeatMap
{
    /// <summary>Jet colour of <paramref name="value"/> (clamped to [0, 1]) as red, green, blue in [0, 1].</summary>
    public static (float R, float G, float B) Jet(float value)
    {
        var v = Math.Clamp(value, 0f, 1f);
        static float Ramp(float x) => Math.Clamp(1.5f - Math.Abs(x), 0f, 1f);
        return (Ramp((4 * v) - 3), Ramp((4 * v) - 2), Ramp((4 * v) - 1));
    }

    /// <summary>
    /// Blends the jet colours of <paramref name="heat"/> (values in [0, 1]) over <paramref name="grey"/> (any range;
    /// min–max stretched) of the same length: (1 − <paramref name="alpha"/>)·grey + alpha·jet(heat), default alpha 0.5.
    /// Returns three planes (red, green, blue), each <c>grey.Length</c> values in 0–255, ready for an 8-bit RGB image.
    /// </summary>
    public static float[] Overlay(ReadOnlySpan<float> grey, ReadOnlySpan<float> heat, float alpha = 0.5f)
    {
        if (grey.Length != heat.Length)
        {
            throw new ArgumentException($"heat must have one value per grey pixel ({grey.Length}), got {heat.Length}", nameof(heat));
        }

        if (!(alpha >= 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in [0, 1]");
        }

        float min = float.MaxValue, max = float.MinValue;
        foreach (var g in grey)
        {
            min = Math.Min(min, g);
            max = Math.Max(max, g);
        }

        var scale = max > min ? 1f / (max - min) : 0f;
        var n = grey.Length;
        var rgb = new float[3 * n];
        for (var i = 0; i < n; i++)
        {
            var g = (grey[i] - min) * scale;
            var (r, gr, b) = Jet(heat[i]);
            rgb[i] = MathF.Round(255 * (((1 - alpha) * g) + (alpha * r)));
            rgb[n + i] = MathF.Round(255 * (((1 - alpha) * g) + (alpha * gr)));
            rgb[(2 * n) + i] = MathF.Round(255 * (((1 - alpha) * g) + (alpha * b)));
        }

        return rgb;
    }
}
