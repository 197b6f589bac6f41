namespace MedVision.Imaging.Features;

/// <summary>
/// Every image feature extractor by name, in one explicit table: the <c>&lt;features&gt;</c> part of a model name
/// (<c>wavelet-rf</c>), a bundle's <c>features.extractor</c>, and <c>medvision features</c> all take these names.
/// Each row builds the extractor with its defaults (those of the seeds).
/// </summary>
public static class FeatureExtractorTable
{
    /// <summary>The table; each name is the extractor's <see cref="IImageFeatureExtractor.Name"/>.</summary>
    public static IReadOnlyList<FeatureExtractorEntry> All { get; } =
    [
        new("wavelet", "wavelet coefficients (seeds/000: db5, level 4, details of levels 2–4)", () => new WaveletFeatures()),
        new("gabor", "mean and variance of |response| over 4 frequencies × 4 orientations", () => new GaborFeatures()),
        new("glcm", "6 graycoprops × 4 angles of the grey-level co-occurrence matrix", () => new GlcmFeatures()),
        new("lbp", "uniform local-binary-pattern histogram, P = 8, R = 1", () => new LbpFeatures()),
        new("stats", "intensity moments, entropy and a 16-bin histogram", () => new IntensityFeatures()),
    ];

    /// <summary>The names, in table order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(e => e.Name)];

    /// <summary>The row called <paramref name="name"/>, or null.</summary>
    public static FeatureExtractorEntry? Find(string name) => All.FirstOrDefault(e => e.Name == name);
}

/// <summary>One row of <see cref="FeatureExtractorTable"/>: a name, what the vector holds, and how to build the extractor with its defaults.</summary>
public sealed record FeatureExtractorEntry(string Name, string Description, Func<IImageFeatureExtractor> Create);
