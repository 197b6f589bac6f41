namespace MedVision.Imaging.Features;

/// <summary>
/// GLCM (Haralick) texture features (a seeds/002 baseline): the gray image is quantised to
/// <see cref="GlcmFeatureOptions.Levels"/> levels, a normed co-occurrence matrix is built as scikit-image's
/// <c>graycomatrix</c>, and each property of <c>graycoprops</c> is reported for every (distance, angle):
/// property-major, then distance, then angle.
/// </summary>
public sealed class GlcmFeatures : IImageFeatureExtractor
{
    private readonly int[] _distances;
    private readonly double[] _angles;

    public GlcmFeatures()
        : this(new GlcmFeatureOptions())
    {
    }

    public GlcmFeatures(GlcmFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _distances = [.. options.Distances];
        _angles = [.. options.Angles];
        if (_distances.Length == 0 || _angles.Length == 0 || options.Properties.Count == 0)
        {
            throw new ArgumentException("Distances, Angles and Properties must each list at least one entry", nameof(options));
        }

        if (options.Levels is < 2 or > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Levels, $"Levels must be in 2…65536, got {options.Levels}");
        }

        if (!(options.InputMax > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.InputMax, "InputMax must be > 0");
        }

        Options = options;
    }

    public GlcmFeatureOptions Options { get; }

    public string Name => "glcm";

    public int FeatureCount(int height, int width) => Options.Properties.Count * _distances.Length * _angles.Length;

    public void Extract(Image image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        var count = FeatureCount(image.Height, image.Width);
        if (destination.Length != count)
        {
            throw new ArgumentException($"destination must hold {count} features, got {destination.Length}", nameof(destination));
        }

        var gray = image.ToGray().Plane(0);
        var levels = new int[gray.Length];
        var scale = Options.Levels / (Options.InputMax + 1);
        for (var i = 0; i < levels.Length; i++)
        {
            // The 1e-4 absorbs float rounding of integral gray values (an RGB→gray 199.99998 stays level 199 → 200).
            var q = Math.Floor((gray[i] + 1e-4) * scale);
            levels[i] = double.IsNaN(q) ? 0 : (int)Math.Clamp(q, 0, Options.Levels - 1);
        }

        var glcm = GrayLevelCooccurrence.Compute(levels, image.Height, image.Width, _distances, _angles, Options.Levels, Options.Symmetric, normed: true);
        var offset = 0;
        foreach (var property in Options.Properties)
        {
            foreach (var v in glcm.Property(property))
            {
                destination[offset++] = (float)v;
            }
        }
    }
}
