namespace MedVision.Imaging.Augmentation;

/// <summary>
/// fastai's <c>aug_transforms</c> under its parameter names (seeds/001), applied per image in fastai's order:
/// flip (p 0.5; with <see cref="FlipVert"/> one of the eight dihedral symmetries), perspective warp (p =
/// <see cref="PAffine"/>, corner offsets ~ U(±MaxWarp) in normalised coordinates), rotation (p = PAffine,
/// θ ~ U(±MaxRotate)°), zoom (p = PAffine, scale ~ U(MinZoom, MaxZoom) about a random centre), then, each with
/// p = <see cref="PLighting"/>, brightness (logit(v) + logit(U(0.5(1 − L), 0.5(1 + L))) and contrast
/// (logit(v)·exp(U(log(1 − L), −log(1 − L)))) on values scaled to [0, 1] by <see cref="MaxValue"/>.
/// Warps resample bilinearly with reflected borders (fastai's <c>pad_mode="reflection"</c>); rotation and zoom
/// act in pixel coordinates. Defaults are fastai's.
/// </summary>
public sealed record FastaiAugTransforms : IAugmentation
{
    public bool DoFlip { get; init; } = true;

    public bool FlipVert { get; init; }

    public double MaxRotate { get; init; } = 10;

    public double MinZoom { get; init; } = 1;

    public double MaxZoom { get; init; } = 1.1;

    public double MaxLighting { get; init; } = 0.2;

    public double MaxWarp { get; init; } = 0.2;

    public double PAffine { get; init; } = 0.75;

    public double PLighting { get; init; } = 0.75;

    /// <summary>Full scale of the pixel values for the lighting transforms (default 255).</summary>
    public double MaxValue { get; init; } = 255;

    public Image Apply(Image image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        Draw.Probability(PAffine, nameof(PAffine));
        Draw.Probability(PLighting, nameof(PLighting));
        Draw.Range(MinZoom, MaxZoom, "Zoom");
        Guard.Positive(MinZoom, nameof(MinZoom));
        Draw.Fraction(MaxLighting, nameof(MaxLighting));

        var result = image.Clone();
        if (DoFlip && Draw.Chance(random, 0.5))
        {
            result = FlipVert ? Dihedral(result, 1 + random.Next(7)) : Geometry.FlipHorizontal(result);
        }

        if (MaxWarp > 0 && Draw.Chance(random, PAffine))
        {
            result = Perspective(result, Draw.Uniform(random, -MaxWarp, MaxWarp), Draw.Uniform(random, -MaxWarp, MaxWarp));
        }

        if (MaxRotate > 0 && Draw.Chance(random, PAffine))
        {
            var map = Affine2D.RotateAboutCenter(Draw.Uniform(random, -MaxRotate, MaxRotate), 1, result.Height, result.Width);
            result = Warp.Affine(result, map, FillMode.Reflect);
        }

        if ((MinZoom < 1 || MaxZoom > 1) && Draw.Chance(random, PAffine))
        {
            var scale = Draw.Uniform(random, MinZoom, MaxZoom);
            var rowPct = random.NextDouble();
            var colPct = random.NextDouble();
            result = Zoom(result, scale, rowPct, colPct);
        }

        if (MaxLighting > 0)
        {
            var brightness = Draw.Chance(random, PLighting) ? Draw.Uniform(random, 0.5 * (1 - MaxLighting), 0.5 * (1 + MaxLighting)) : 0.5;
            var contrast = Draw.Chance(random, PLighting)
                ? Math.Exp(Draw.Uniform(random, Math.Log(1 - MaxLighting), -Math.Log(1 - MaxLighting)))
                : 1;
            if (brightness != 0.5 || contrast != 1)
            {
                result = Lighting(result, brightness, contrast);
            }
        }

        return result;
    }

    /// <summary>Dihedral symmetry k (1…7): flips and transposes as fastai's <c>dihedral</c>.</summary>
    private static Image Dihedral(Image image, int k)
    {
        var result = (k & 1) != 0 ? Geometry.FlipHorizontal(image) : image;
        result = (k & 2) != 0 ? Geometry.FlipVertical(result) : result;
        return (k & 4) != 0 ? Geometry.FlipHorizontal(Geometry.Rot90(result, 1)) : result;
    }

    private static Image Zoom(Image image, double scale, double rowPct, double colPct)
    {
        // Output (r, c) samples the input at centre + (r − centre)/scale, the centre moved by up to the slack.
        var cy = (image.Height - 1) / 2.0;
        var cx = (image.Width - 1) / 2.0;
        var slackY = (1 - (1 / scale)) * cy * ((2 * rowPct) - 1);
        var slackX = (1 - (1 / scale)) * cx * ((2 * colPct) - 1);
        var map = new Affine2D(1 / scale, 0, 0, 1 / scale, cy - (cy / scale) + slackY, cx - (cx / scale) + slackX);
        return Warp.Affine(image, map, FillMode.Reflect);
    }

    /// <summary>fastai <c>_WarpCoord</c>: the homography taking the displaced corners to the original ones, in [−1, 1] coordinates.</summary>
    private static Image Perspective(Image image, double xMag, double yMag)
    {
        double[][] targets =
        [
            [-1 - yMag, -1 - xMag], [-1 + yMag, 1 + xMag], [1 + yMag, -1 + xMag], [1 - yMag, 1 - xMag],
        ];
        double[][] origins = [[-1, -1], [-1, 1], [1, -1], [1, 1]];
        var h = Homography(targets, origins);
        var height = image.Height;
        var width = image.Width;
        var rows = new double[height * width];
        var cols = new double[height * width];
        for (var r = 0; r < height; r++)
        {
            for (var c = 0; c < width; c++)
            {
                var x = height > 1 ? (2.0 * r / (height - 1)) - 1 : 0;
                var y = width > 1 ? (2.0 * c / (width - 1)) - 1 : 0;
                var d = (h[6] * x) + (h[7] * y) + 1;
                var sx = ((h[0] * x) + (h[1] * y) + h[2]) / d;
                var sy = ((h[3] * x) + (h[4] * y) + h[5]) / d;
                rows[(r * width) + c] = (sx + 1) / 2 * (height - 1);
                cols[(r * width) + c] = (sy + 1) / 2 * (width - 1);
            }
        }

        return Warp.MapCoordinates(image, rows, cols, FillMode.Reflect);
    }

    /// <summary>The 8 coefficients of the projective map sending each p1[i] to p2[i] (Gaussian elimination, partial pivoting).</summary>
    private static double[] Homography(double[][] p1, double[][] p2)
    {
        var a = new double[8, 9];
        for (var i = 0; i < 4; i++)
        {
            var (x, y, u, v) = (p1[i][0], p1[i][1], p2[i][0], p2[i][1]);
            double[] row1 = [x, y, 1, 0, 0, 0, -u * x, -u * y, u];
            double[] row2 = [0, 0, 0, x, y, 1, -v * x, -v * y, v];
            for (var j = 0; j < 9; j++)
            {
                a[2 * i, j] = row1[j];
                a[(2 * i) + 1, j] = row2[j];
            }
        }

        for (var col = 0; col < 8; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < 8; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = r;
                }
            }

            for (var j = 0; j < 9; j++)
            {
                (a[col, j], a[pivot, j]) = (a[pivot, j], a[col, j]);
            }

            for (var r = 0; r < 8; r++)
            {
                if (r == col)
                {
                    continue;
                }

                var f = a[r, col] / a[col, col];
                for (var j = col; j < 9; j++)
                {
                    a[r, j] -= f * a[col, j];
                }
            }
        }

        var h = new double[8];
        for (var i = 0; i < 8; i++)
        {
            h[i] = a[i, 8] / a[i, i];
        }

        return h;
    }

    private Image Lighting(Image image, double brightness, double contrast)
    {
        const double Eps = 1e-6;
        var shift = Math.Log(brightness / (1 - brightness));
        var result = new Image(image.Channels, image.Height, image.Width);
        for (var i = 0; i < result.Data.Length; i++)
        {
            var p = Math.Clamp(image.Data[i] / MaxValue, Eps, 1 - Eps);
            var logit = (Math.Log(p / (1 - p)) + shift) * contrast;
            result.Data[i] = (float)(MaxValue / (1 + Math.Exp(-logit)));
        }

        return result;
    }
}
