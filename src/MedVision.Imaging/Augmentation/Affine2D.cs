namespace MedVision.Imaging.Augmentation;

/// <summary>
/// An affine map from output pixel (row, col) to input coordinates:
/// in_row = A00·row + A01·col + T0, in_col = A10·row + A11·col + T1 — the <c>matrix</c> and <c>offset</c>
/// of <c>scipy.ndimage.affine_transform</c>.
/// </summary>
public sealed record Affine2D(double A00, double A01, double A10, double A11, double T0, double T1)
{
    /// <summary>The identity map.</summary>
    public static Affine2D Identity { get; } = new(1, 0, 0, 1, 0, 0);

    /// <summary>
    /// The map Keras <c>apply_affine_transform(x, theta, tx, ty, shear, zx, zy)</c> hands to scipy: rotation by
    /// <paramref name="thetaDegrees"/>, shift (<paramref name="tx"/> rows, <paramref name="ty"/> columns), shear
    /// by <paramref name="shearDegrees"/> and zoom (<paramref name="zx"/> on rows, <paramref name="zy"/> on columns),
    /// composed as R·T·S·Z and centred on (h/2 + 0.5, w/2 + 0.5) as Keras' <c>transform_matrix_offset_center</c> does.
    /// </summary>
    public static Affine2D Keras(double thetaDegrees, double tx, double ty, double shearDegrees, double zx, double zy, int height, int width)
    {
        var m = Matrix3.Identity;
        if (thetaDegrees != 0)
        {
            var t = thetaDegrees * Math.PI / 180;
            m = m.Times(new Matrix3(Math.Cos(t), -Math.Sin(t), 0, Math.Sin(t), Math.Cos(t), 0));
        }

        if (tx != 0 || ty != 0)
        {
            m = m.Times(new Matrix3(1, 0, tx, 0, 1, ty));
        }

        if (shearDegrees != 0)
        {
            var s = shearDegrees * Math.PI / 180;
            m = m.Times(new Matrix3(1, -Math.Sin(s), 0, 0, Math.Cos(s), 0));
        }

        if (zx != 1 || zy != 1)
        {
            m = m.Times(new Matrix3(zx, 0, 0, 0, zy, 0));
        }

        var ox = (height / 2.0) + 0.5;
        var oy = (width / 2.0) + 0.5;
        m = new Matrix3(1, 0, ox, 0, 1, oy).Times(m).Times(new Matrix3(1, 0, -ox, 0, 1, -oy));
        return new Affine2D(m.A, m.B, m.D, m.E, m.C, m.F);
    }

    /// <summary>Rotation by <paramref name="degrees"/> counter-clockwise about the image centre ((h − 1)/2, (w − 1)/2), scaled by 1/<paramref name="zoom"/>.</summary>
    public static Affine2D RotateAboutCenter(double degrees, double zoom, int height, int width)
    {
        var t = degrees * Math.PI / 180;
        var (cos, sin) = (Math.Cos(t) / zoom, Math.Sin(t) / zoom);
        var cy = (height - 1) / 2.0;
        var cx = (width - 1) / 2.0;

        // Output (r, c) → input: rotate the offset from the centre by −θ (image rows point down).
        return new Affine2D(cos, sin, -sin, cos, cy - (cos * cy) - (sin * cx), cx + (sin * cy) - (cos * cx));
    }

    /// <summary>
    /// The map torchvision <c>functional.affine(img, angle, translate, scale, shear)</c> applies to a tensor image
    /// (<c>_get_inverse_affine_matrix</c> about the centre ((h − 1)/2, (w − 1)/2), where grid_sample with
    /// align_corners=False puts it): rotation by <paramref name="angleDegrees"/>, shift by <paramref name="tx"/>
    /// columns and <paramref name="ty"/> rows, <paramref name="scale"/>, and shears <paramref name="shearXDegrees"/> /
    /// <paramref name="shearYDegrees"/>. As there (torchvision 0.14), a positive angle turns the picture clockwise.
    /// </summary>
    public static Affine2D Torchvision(double angleDegrees, double tx, double ty, double scale, double shearXDegrees, double shearYDegrees, int height, int width)
    {
        var rot = angleDegrees * Math.PI / 180;
        var sx = shearXDegrees * Math.PI / 180;
        var sy = shearYDegrees * Math.PI / 180;
        var a = Math.Cos(rot - sy) / Math.Cos(sy);
        var b = (-Math.Cos(rot - sy) * Math.Tan(sx) / Math.Cos(sy)) - Math.Sin(rot);
        var c = Math.Sin(rot - sy) / Math.Cos(sy);
        var d = (-Math.Sin(rot - sy) * Math.Tan(sx) / Math.Cos(sy)) + Math.Cos(rot);

        // Inverse of R·S·Sh, in centred (x = column, y = row) coordinates: x_in = m0·x + m1·y + m2, y_in = m3·x + m4·y + m5.
        var (m0, m1, m3, m4) = (d / scale, -b / scale, -c / scale, a / scale);
        var m2 = (m0 * -tx) + (m1 * -ty);
        var m5 = (m3 * -tx) + (m4 * -ty);
        var cy = (height - 1) / 2.0;
        var cx = (width - 1) / 2.0;
        return new Affine2D(m4, m3, m1, m0, cy + m5 - (m4 * cy) - (m3 * cx), cx + m2 - (m0 * cx) - (m1 * cy));
    }

    /// <summary>Row-major 3×3 with last row (0, 0, 1).</summary>
    private readonly record struct Matrix3(double A, double B, double C, double D, double E, double F)
    {
        public static Matrix3 Identity => new(1, 0, 0, 0, 1, 0);

        public Matrix3 Times(Matrix3 o) => new(
            (A * o.A) + (B * o.D), (A * o.B) + (B * o.E), (A * o.C) + (B * o.F) + C,
            (D * o.A) + (E * o.D), (D * o.B) + (E * o.E), (D * o.C) + (E * o.F) + F);
    }
}
