namespace MedVision.Imaging.Features;

/// <summary>
/// Turns one image into a fixed-length float32 feature vector (wavelet coefficients, texture statistics).
/// Implementations hold only configuration, so one instance may run on many threads at once.
/// </summary>
public interface IImageFeatureExtractor
{
    /// <summary>Short name used in file headers and the CLI (<c>wavelet</c>, <c>gabor</c>, …).</summary>
    string Name { get; }

    /// <summary>Length of the vector for a <paramref name="height"/> × <paramref name="width"/> image.</summary>
    int FeatureCount(int height, int width);

    /// <summary>
    /// Writes the features of <paramref name="image"/> (multi-channel images are reduced with
    /// <see cref="Image.ToGray"/>) to <paramref name="destination"/>, which holds exactly
    /// <see cref="FeatureCount"/> values.
    /// </summary>
    void Extract(Image image, Span<float> destination);
}
