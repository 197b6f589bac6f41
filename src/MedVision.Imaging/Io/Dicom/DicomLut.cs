namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// The two grayscale transforms of the DICOM pipeline, kept separate from reading so that stored values stay
/// available: the modality rescale (PS3.3 C.11.1, <c>value · RescaleSlope + RescaleIntercept</c>, e.g. CT
/// Hounsfield units; pydicom's <c>apply_modality_lut</c>) and the VOI window (PS3.3 C.11.2; pydicom's
/// <c>apply_windowing</c>, computed in double precision).
/// </summary>
public static class DicomLut
{
    /// <summary>A new image of <c>x · slope + intercept</c>.</summary>
    public static Image Rescale(Image image, double slope, double intercept)
    {
        ArgumentNullException.ThrowIfNull(image);
        var data = new float[image.Data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)((image.Data[i] * slope) + intercept);
        }

        return new Image(image.Channels, image.Height, image.Width, data);
    }

    /// <summary>Rescale with the data set's RescaleSlope and RescaleIntercept (1 and 0 when absent).</summary>
    public static Image Rescale(Image image, DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Rescale(image, dataset.GetNumber("RescaleSlope") ?? 1, dataset.GetNumber("RescaleIntercept") ?? 0);
    }

    /// <summary>
    /// Applies a window of centre <paramref name="center"/> and width <paramref name="width"/> mapping onto
    /// [<paramref name="yMin"/>, <paramref name="yMax"/>] (default 0–255, for display).
    /// </summary>
    public static Image Window(Image image, double center, double width, double yMin = 0, double yMax = 255, DicomVoiFunction function = DicomVoiFunction.Linear)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (function == DicomVoiFunction.Linear ? width < 1 : width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, function == DicomVoiFunction.Linear ? "a LINEAR window needs width ≥ 1" : "the window width must be > 0");
        }

        var range = yMax - yMin;
        if (function == DicomVoiFunction.Linear)
        {
            center -= 0.5;
            width -= 1;
        }

        var data = new float[image.Data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            double x = image.Data[i];
            data[i] = function == DicomVoiFunction.Sigmoid
                ? (float)((range / (1 + Math.Exp(-4 * (x - center) / width))) + yMin)
                : x <= center - (width / 2) ? (float)yMin
                : x > center + (width / 2) ? (float)yMax
                : (float)((((x - center) / width) + 0.5) * range + yMin);
        }

        return new Image(image.Channels, image.Height, image.Width, data);
    }

    /// <summary>
    /// Window number <paramref name="index"/> of the data set (WindowCenter, WindowWidth, VOILUTFunction) onto the
    /// range pydicom's <c>apply_windowing</c> uses: the stored range from BitsStored and PixelRepresentation, passed
    /// through the rescale when RescaleSlope and RescaleIntercept are present. Expects rescaled values in that case.
    /// </summary>
    public static Image Window(Image image, DicomDataset dataset, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var center = dataset.GetNumber("WindowCenter", index) ?? throw new ArgumentException($"the data set has no WindowCenter value {index}", nameof(dataset));
        var width = dataset.GetNumber("WindowWidth", index) ?? throw new ArgumentException($"the data set has no WindowWidth value {index}", nameof(dataset));
        var bits = (int)(dataset.GetNumber("BitsStored") ?? dataset.GetNumber("BitsAllocated") ?? 16);
        var signed = dataset.GetNumber("PixelRepresentation") == 1;
        double yMin = signed ? -Math.Pow(2, bits - 1) : 0;
        var yMax = signed ? Math.Pow(2, bits - 1) - 1 : Math.Pow(2, bits) - 1;
        if (dataset.GetNumber("RescaleSlope") is { } slope && dataset.GetNumber("RescaleIntercept") is { } intercept)
        {
            yMin = (yMin * slope) + intercept;
            yMax = (yMax * slope) + intercept;
        }

        var function = dataset.GetString("VOILUTFunction")?.ToUpperInvariant() switch
        {
            null or "LINEAR" => DicomVoiFunction.Linear,
            "LINEAR_EXACT" => DicomVoiFunction.LinearExact,
            "SIGMOID" => DicomVoiFunction.Sigmoid,
            var other => throw new ArgumentException($"VOILUTFunction '{other}' is not LINEAR, LINEAR_EXACT or SIGMOID", nameof(dataset)),
        };
        return Window(image, center, width, yMin, yMax, function);
    }
}
