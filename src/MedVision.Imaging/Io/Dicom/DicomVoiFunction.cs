namespace MedVision.Imaging.Io.Dicom;

/// <summary>VOI LUT Function (0028,1056), PS3.3 C.11.2.1.2–3.</summary>
public enum DicomVoiFunction
{
    /// <summary>LINEAR: the window maps [c − 0.5 − (w − 1)/2, c − 0.5 + (w − 1)/2] onto the output range (the default).</summary>
    Linear,

    /// <summary>LINEAR_EXACT: the window maps [c − w/2, c + w/2] onto the output range.</summary>
    LinearExact,

    /// <summary>SIGMOID: range / (1 + exp(−4 (x − c) / w)) + min.</summary>
    Sigmoid,
}
