namespace MedVision.Imaging.Features;

/// <summary>
/// LBP histogram features (a seeds/002 baseline): the normalised histogram (sums to 1) of
/// <see cref="LocalBinaryPattern"/> codes of the gray image. Bins: one per code, 2^P for default and ror, P + 2 for
/// uniform; for var, <see cref="LbpFeatureOptions.VarBins"/> equal bins over the finite [min, max] of the image
/// (NumPy's <c>histogram</c> rule, last bin closed), NaN codes not counted.
/// </summary>
public sealed class LbpFeatures : IImageFeatureExtractor
{
    public LbpFeatures()
        : this(new LbpFeatureOptions())
    {
    }

    public LbpFeatures(LbpFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var maxPoints = options.Method is LbpMethod.Default or LbpMethod.Ror ? 16 : 30;
        if (options.Points < 1 || options.Points > maxPoints)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Points, $"Points must be in 1…{maxPoints} for {options.Method}, got {options.Points}");
        }

        if (!(options.Radius > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Radius, "Radius must be > 0");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.VarBins, 1, nameof(options));
        Options = options;
    }

    public LbpFeatureOptions Options { get; }

    public string Name => "lbp";

    public int FeatureCount(int height, int width) => Options.Method switch
    {
        LbpMethod.Uniform => Options.Points + 2,
        LbpMethod.Var => Options.VarBins,
        _ => 1 << Options.Points,
    };

    public void Extract(Image image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        var bins = FeatureCount(image.Height, image.Width);
        if (destination.Length != bins)
        {
            throw new ArgumentException($"destination must hold {bins} features, got {destination.Length}", nameof(destination));
        }

        var codes = LocalBinaryPattern.Compute(image.ToGray().Plane(0), image.Height, image.Width, Options.Points, Options.Radius, Options.Method);
        var counts = new double[bins];
        var total = 0;
        if (Options.Method == LbpMethod.Var)
        {
            var finite = codes.Where(double.IsFinite).ToArray();
            if (finite.Length > 0)
            {
                var (min, max) = (finite.Min(), finite.Max());
                foreach (var v in finite)
                {
                    var bin = max > min ? (int)((v - min) / (max - min) * bins) : 0;
                    counts[Math.Min(bin, bins - 1)]++;
                }

                total = finite.Length;
            }
        }
        else
        {
            foreach (var v in codes)
            {
                counts[(int)v]++;
            }

            total = codes.Length;
        }

        for (var b = 0; b < bins; b++)
        {
            destination[b] = total > 0 ? (float)(counts[b] / total) : 0;
        }
    }
}
