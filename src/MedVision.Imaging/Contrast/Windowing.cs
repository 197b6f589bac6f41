namespace MedVision.Imaging;

/// <summary>
/// DICOM grey-scale pipeline steps: the modality rescale (stored value → Hounsfield units, PS3.3 C.11.1) and
/// the VOI window (PS3.3 C.11.2.1.2), matching pydicom 2.3 <c>apply_modality_lut</c> and
/// <c>apply_windowing</c> (with the output range given instead of derived from Bits Stored).
/// </summary>
public static class Windowing
{
    /// <summary>Modality rescale: v·<paramref name="slope"/> + <paramref name="intercept"/> (CT: stored value → HU).</summary>
    public static Image Rescale(Image image, double slope, double intercept)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new Image(image.Channels, image.Height, image.Width);
        for (var i = 0; i < image.Data.Length; i++)
        {
            result.Data[i] = (float)((image.Data[i] * slope) + intercept);
        }

        return result;
    }

    /// <summary>LINEAR window of <paramref name="center"/>/<paramref name="width"/> onto [0, 1] (e.g. lung: −600/1500; soft tissue: 40/400).</summary>
    public static Image Apply(Image image, double center, double width) =>
        Apply(image, new WindowOptions { Center = center, Width = width });

    /// <summary>Window with every option. LINEAR needs width ≥ 1, the others width &gt; 0.</summary>
    public static Image Apply(Image image, WindowOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        var center = options.Center;
        var width = options.Width;
        if (options.Function == VoiFunction.Linear ? !(width >= 1) : !(width > 0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), $"window width must be {(options.Function == VoiFunction.Linear ? "≥ 1 for LINEAR" : "> 0")}, got {width}");
        }

        var yMin = options.OutputMin;
        var range = options.OutputMax - options.OutputMin;
        if (options.Function == VoiFunction.Linear)
        {
            center -= 0.5;
            width -= 1;
        }

        var result = new Image(image.Channels, image.Height, image.Width);
        for (var i = 0; i < image.Data.Length; i++)
        {
            double x = image.Data[i];
            double y;
            if (options.Function == VoiFunction.Sigmoid)
            {
                y = (range / (1 + Math.Exp(-4 * (x - center) / width))) + yMin;
            }
            else if (x <= center - (width / 2))
            {
                y = yMin;
            }
            else if (x > center + (width / 2))
            {
                y = options.OutputMax;
            }
            else
            {
                y = ((((x - center) / width) + 0.5) * range) + yMin;
            }

            result.Data[i] = (float)y;
        }

        return result;
    }
}
