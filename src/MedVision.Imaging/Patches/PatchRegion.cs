namespace MedVision.Imaging;

/// <summary>
/// A rectangle of pixel positions: rows <see cref="Top"/> … Top + Height − 1, columns <see cref="Left"/> … Left +
/// Width − 1. It may reach beyond an image; <see cref="Extract"/> fills that part.
/// </summary>
public readonly record struct PatchRegion(int Top, int Left, int Height, int Width)
{
    /// <summary>Row of the centre pixel, Top + Height / 2 (the lower of the two middle rows for an even height).</summary>
    public int CenterY => Top + (Height / 2);

    /// <summary>Column of the centre pixel, Left + Width / 2.</summary>
    public int CenterX => Left + (Width / 2);

    /// <summary>The <paramref name="height"/> × <paramref name="width"/> region whose centre pixel is (<paramref name="centerY"/>, <paramref name="centerX"/>), as <see cref="Geometry.CropAround"/> places it.</summary>
    public static PatchRegion Around(int centerY, int centerX, int height, int width) =>
        new(centerY - (height / 2), centerX - (width / 2), height, width);

    /// <summary>True when every pixel of the region lies inside an image of the given size.</summary>
    public bool IsInside(int imageHeight, int imageWidth) =>
        Top >= 0 && Left >= 0 && Top + Height <= imageHeight && Left + Width <= imageWidth;

    /// <summary>The region's pixels of every channel; positions beyond the image are filled by <paramref name="mode"/> (numpy.pad semantics).</summary>
    public Image Extract(Image image, PadMode mode = PadMode.Constant, float value = 0) =>
        Geometry.CropAround(image, CenterY, CenterX, Height, Width, mode, value);
}
