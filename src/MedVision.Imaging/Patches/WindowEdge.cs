namespace MedVision.Imaging;

/// <summary>What <see cref="SlidingWindows"/> does where the last stride does not end on the image border.</summary>
public enum WindowEdge
{
    /// <summary>Only windows wholly inside the image (<c>skimage.util.view_as_windows</c>); the remainder is not covered.</summary>
    Drop,

    /// <summary>Windows continue until they cover the last row and column; the part beyond the image is padded on extraction.</summary>
    Pad,

    /// <summary>One more window, shifted back so that it ends on the border (full coverage, no padding; it overlaps its neighbour more).</summary>
    Shift,
}
