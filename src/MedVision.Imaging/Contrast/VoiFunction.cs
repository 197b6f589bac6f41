namespace MedVision.Imaging;

/// <summary>DICOM VOI LUT Function (0028,1056): how a window maps values to the output range (PS3.3 C.11.2.1.2).</summary>
public enum VoiFunction
{
    /// <summary><c>LINEAR</c>: the default; the window is [c − 0.5 − (w − 1)/2, c − 0.5 + (w − 1)/2].</summary>
    Linear,

    /// <summary><c>LINEAR_EXACT</c>: the window is exactly [c − w/2, c + w/2].</summary>
    LinearExact,

    /// <summary><c>SIGMOID</c>: y = range / (1 + exp(−4(x − c)/w)) + y_min.</summary>
    Sigmoid,
}
