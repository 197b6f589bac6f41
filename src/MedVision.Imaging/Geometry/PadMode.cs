namespace MedVision.Imaging;

/// <summary>How <see cref="Geometry.Pad(Image, int, int, int, int, PadMode, float)"/> fills new pixels; names and behaviour as <c>numpy.pad</c>'s <c>mode</c>.</summary>
public enum PadMode
{
    /// <summary>A constant value.</summary>
    Constant,

    /// <summary>The edge value repeated.</summary>
    Edge,

    /// <summary>Mirror without repeating the edge: <c>d c b | a b c d | c b a</c>.</summary>
    Reflect,

    /// <summary>Mirror repeating the edge: <c>b a | a b c d | d c</c>.</summary>
    Symmetric,

    /// <summary>Periodic.</summary>
    Wrap,
}
