namespace MedVision.Imaging.Augmentation;

/// <summary>
/// Elastic deformation (Simard, Steinkraus &amp; Platt 2003): two fields of U(−1, 1) displacements are smoothed
/// with a Gaussian of σ = <see cref="Sigma"/> pixels (zero border), scaled by <see cref="Alpha"/>, and the image is
/// resampled bilinearly at (row + Δrow, col + Δcol) with <see cref="Warp.MapCoordinates"/> — the recipe used with
/// <c>scipy.ndimage.gaussian_filter</c> and <c>map_coordinates</c>. Defaults: α = 34, σ = 4, reflect fill.
/// </summary>
public sealed record ElasticDeformation : IAugmentation
{
    public double Alpha { get; init; } = 34;

    public double Sigma { get; init; } = 4;

    public FillMode FillMode { get; init; } = FillMode.Reflect;

    public Image Apply(Image image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        Guard.NonNegative(Alpha, nameof(Alpha));
        Guard.NonNegative(Sigma, nameof(Sigma));
        var h = image.Height;
        var w = image.Width;
        var n = h * w;
        var kernel = GaussianFilter.Kernel(Sigma);
        var field = new double[n];
        var dy = new double[n];
        var dx = new double[n];
        foreach (var target in new[] { dy, dx })
        {
            for (var i = 0; i < n; i++)
            {
                field[i] = Draw.Uniform(random, -1, 1);
            }

            Separable.Correlate(field, target, h, w, kernel, kernel, BorderMode.Constant, 0, roundBetweenPasses: false);
        }

        var rows = new double[n];
        var cols = new double[n];
        for (var i = 0; i < n; i++)
        {
            rows[i] = (i / w) + (Alpha * dy[i]);
            cols[i] = (i % w) + (Alpha * dx[i]);
        }

        return Warp.MapCoordinates(image, rows, cols, FillMode);
    }
}
