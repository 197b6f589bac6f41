namespace MedVision.Imaging;

/// <summary>Resampling kernels of <see cref="Resize"/>, each defined as the OpenCV <c>cv2.resize</c> flag of the same name.</summary>
public enum Interpolation
{
    /// <summary><c>INTER_NEAREST</c>: source index ⌊dst·(src/dst)⌋.</summary>
    Nearest,

    /// <summary><c>INTER_LINEAR</c>: bilinear with half-pixel centres, edge samples repeated.</summary>
    Linear,

    /// <summary><c>INTER_CUBIC</c>: bicubic convolution (a = −0.75), half-pixel centres, edge samples repeated.</summary>
    Cubic,

    /// <summary><c>INTER_AREA</c>: pixel-area averaging when shrinking; when enlarging, OpenCV's area-weighted bilinear.</summary>
    Area,
}
