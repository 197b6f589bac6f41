namespace MedVision.Imaging.Augmentation;

/// <summary>
/// Random rotation, translation, scale and shear in one resampling, with torchvision <c>RandomAffine</c>'s parameters
/// and geometry: angle ~ U(−Rotate, Rotate)°, horizontal shift ~ U(±Translate·W) and vertical ~ U(±Translate·H)
/// pixels (not rounded), scale ~ U(ScaleLow, ScaleHigh), x-shear ~ U(−Shear, Shear)°; then
/// <see cref="Affine2D.Torchvision"/> about the image centre and <see cref="Warp.Affine"/>. Fill: <see cref="FillMode"/>
/// (default reflect, MONAI <c>RandAffine</c>'s <c>padding_mode="reflection"</c>); bilinear unless <see cref="Order"/> is 0.
/// Every range at its default leaves the image unchanged.
/// </summary>
public sealed record RandAffine : IAugmentation
{
    /// <summary>torchvision <c>degrees</c>: the largest rotation either way, in degrees.</summary>
    public double Rotate { get; init; }

    /// <summary>torchvision <c>translate</c>: the largest shift as a fraction of the width (horizontal) and height (vertical).</summary>
    public double Translate { get; init; }

    public double ScaleLow { get; init; } = 1;

    public double ScaleHigh { get; init; } = 1;

    /// <summary>torchvision <c>shear</c> as one number: the largest x-shear either way, in degrees.</summary>
    public double Shear { get; init; }

    public FillMode FillMode { get; init; } = FillMode.Reflect;

    public float Cval { get; init; }

    /// <summary>0 nearest, 1 bilinear (default).</summary>
    public int Order { get; init; } = 1;

    /// <summary>One draw of the parameters for an image of <paramref name="height"/> × <paramref name="width"/> (torchvision <c>get_params</c>).</summary>
    public AffineParameters Sample(Random random, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(random);
        Guard.NonNegative(Rotate, nameof(Rotate));
        Draw.Fraction(Translate, nameof(Translate));
        Draw.Range(ScaleLow, ScaleHigh, "Scale");
        Guard.Positive(ScaleLow, nameof(ScaleLow));
        Draw.Within(Shear, 0, 90, nameof(Shear));

        var angle = Rotate > 0 ? Draw.Uniform(random, -Rotate, Rotate) : 0;
        var tx = Translate > 0 ? Draw.Uniform(random, -Translate * width, Translate * width) : 0;
        var ty = Translate > 0 ? Draw.Uniform(random, -Translate * height, Translate * height) : 0;
        var scale = ScaleLow != 1 || ScaleHigh != 1 ? Draw.Uniform(random, ScaleLow, ScaleHigh) : 1;
        var shear = Shear > 0 ? Draw.Uniform(random, -Shear, Shear) : 0;
        return new AffineParameters(angle, tx, ty, scale, shear);
    }

    public Image Apply(Image image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        var p = Sample(random, image.Height, image.Width);
        if (p is { Angle: 0, TranslateX: 0, TranslateY: 0, Scale: 1, ShearX: 0 })
        {
            return image.Clone();
        }

        var map = Affine2D.Torchvision(p.Angle, p.TranslateX, p.TranslateY, p.Scale, p.ShearX, 0, image.Height, image.Width);
        return Warp.Affine(image, map, FillMode, Cval, Order);
    }
}
