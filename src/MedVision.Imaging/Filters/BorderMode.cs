namespace MedVision.Imaging;

/// <summary>
/// How a filter or warp extends an image beyond its edges. Names and behaviour are those of
/// <c>scipy.ndimage</c>'s <c>mode</c> argument; the OpenCV and NumPy equivalents are given per member.
/// </summary>
public enum BorderMode
{
    /// <summary><c>d c b a | a b c d | d c b a</c>: half-sample symmetric (scipy <c>reflect</c>, NumPy <c>symmetric</c>, OpenCV <c>BORDER_REFLECT</c>).</summary>
    Reflect,

    /// <summary><c>d c b | a b c d | c b a</c>: whole-sample symmetric (scipy <c>mirror</c>, NumPy <c>reflect</c>, OpenCV <c>BORDER_REFLECT_101</c>).</summary>
    Mirror,

    /// <summary><c>a a a | a b c d | d d d</c>: the edge value repeated (scipy <c>nearest</c>, NumPy <c>edge</c>, OpenCV <c>BORDER_REPLICATE</c>).</summary>
    Nearest,

    /// <summary><c>k k k | a b c d | k k k</c>: a constant value (scipy <c>constant</c>, OpenCV <c>BORDER_CONSTANT</c>).</summary>
    Constant,

    /// <summary><c>b c d | a b c d | a b c</c>: periodic (scipy <c>wrap</c> for filters, NumPy <c>wrap</c>, OpenCV <c>BORDER_WRAP</c>).</summary>
    Wrap,
}
