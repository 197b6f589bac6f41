namespace MedVision.Imaging.Augmentation;

/// <summary>
/// Random rotation, shift, shear and zoom in one resampling, drawn and composed as Keras
/// <c>ImageDataGenerator</c> does: θ ~ U(−RotationRange, RotationRange)°, row shift ~ U(±HeightShiftRange)
/// and column shift ~ U(±WidthShiftRange) (fractions of the size when below 1, pixels otherwise), shear ~
/// U(±ShearRange)°, row and column zoom each ~ U(ZoomLow, ZoomHigh) (values &lt; 1 zoom in); then
/// <see cref="Affine2D.Keras"/> and <see cref="Warp.Affine"/>. Every range 0 (the defaults) leaves the image unchanged.
/// </summary>
public sealed record RandomAffine : IAugmentation
{
    public double RotationRange { get; init; }

    public double WidthShiftRange { get; init; }

    public double HeightShiftRange { get; init; }

    public double ShearRange { get; init; }

    public double ZoomLow { get; init; } = 1;

    public double ZoomHigh { get; init; } = 1;

    public FillMode FillMode { get; init; } = FillMode.Nearest;

    public float Cval { get; init; }

    /// <summary>0 nearest, 1 bilinear (default, Keras' interpolation_order).</summary>
    public int Order { get; init; } = 1;

    public Image Apply(Image image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        Guard.NonNegative(RotationRange, nameof(RotationRange));
        Guard.NonNegative(WidthShiftRange, nameof(WidthShiftRange));
        Guard.NonNegative(HeightShiftRange, nameof(HeightShiftRange));
        Guard.NonNegative(ShearRange, nameof(ShearRange));
        Draw.Range(ZoomLow, ZoomHigh, "ZoomRange");
        Guard.Positive(ZoomLow, nameof(ZoomLow));
        var theta = RotationRange > 0 ? Draw.Uniform(random, -RotationRange, RotationRange) : 0;
        var tx = HeightShiftRange > 0 ? Draw.Uniform(random, -HeightShiftRange, HeightShiftRange) : 0;
        if (HeightShiftRange < 1)
        {
            tx *= image.Height;
        }

        var ty = WidthShiftRange > 0 ? Draw.Uniform(random, -WidthShiftRange, WidthShiftRange) : 0;
        if (WidthShiftRange < 1)
        {
            ty *= image.Width;
        }

        var shear = ShearRange > 0 ? Draw.Uniform(random, -ShearRange, ShearRange) : 0;
        double zx = 1, zy = 1;
        if (ZoomLow != 1 || ZoomHigh != 1)
        {
            zx = Draw.Uniform(random, ZoomLow, ZoomHigh);
            zy = Draw.Uniform(random, ZoomLow, ZoomHigh);
        }

        if (theta == 0 && tx == 0 && ty == 0 && shear == 0 && zx == 1 && zy == 1)
        {
            return image.Clone();
        }

        var map = Affine2D.Keras(theta, tx, ty, shear, zx, zy, image.Height, image.Width);
        return Warp.Affine(image, map, FillMode, Cval, Order);
    }
}
