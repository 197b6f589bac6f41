namespace MedVision.Imaging.Augmentation;

/// <summary>
/// How <see cref="Warp"/> fills output pixels whose source lies outside the image: Keras
/// <c>ImageDataGenerator(fill_mode=…)</c> names, with the <c>scipy.ndimage</c> behaviour Keras gets from them.
/// </summary>
public enum FillMode
{
    /// <summary>The constant <c>cval</c> wherever the source coordinate is outside [0, n − 1].</summary>
    Constant,

    /// <summary>The source coordinate is clamped to the image (Keras' default).</summary>
    Nearest,

    /// <summary>The source coordinate is mirrored about the outer pixel edges (−0.5 and n − 0.5).</summary>
    Reflect,

    /// <summary>scipy's <c>wrap</c>: periodic with period n − 1 (first and last samples coincide).</summary>
    Wrap,
}
