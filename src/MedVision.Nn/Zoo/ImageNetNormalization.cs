namespace MedVision.Nn.Zoo;

/// <summary>
/// torchvision's ImageNet input normalisation (<c>transforms.Normalize(mean=[0.485, 0.456, 0.406],
/// std=[0.229, 0.224, 0.225])</c> after <c>ToTensor</c>): y[n, c, i, j] = (x[n, c, i, j] − mean[c]) / std[c] on RGB
/// in 0–1, for N (3, H, W) images. The networks torchvision's ImageNet weights come from were trained on this input;
/// ML.NET's ResNet-18 wants BGR minus a mean image instead (<see cref="Onnx.MeanImagePreprocess"/>).
/// </summary>
public static class ImageNetNormalization
{
    /// <summary>Per-channel means of RGB in 0–1.</summary>
    public static IReadOnlyList<float> Mean { get; } = [0.485f, 0.456f, 0.406f];

    /// <summary>Per-channel standard deviations of RGB in 0–1.</summary>
    public static IReadOnlyList<float> Std { get; } = [0.229f, 0.224f, 0.225f];

    /// <summary>
    /// Normalises <paramref name="input"/>, N images of (3, <paramref name="height"/>, <paramref name="width"/>) RGB
    /// in 0–1, into <paramref name="destination"/> (same length; may be the same span).
    /// </summary>
    public static void Apply(ReadOnlySpan<float> input, Span<float> destination, int height, int width)
    {
        var plane = height * width;
        if (height < 1 || width < 1 || input.Length % (3 * plane) != 0 || destination.Length != input.Length)
        {
            throw new ArgumentException($"input must hold N RGB images of 3x{height}x{width} and destination as many values, got {input.Length} and {destination.Length}", nameof(input));
        }

        for (var start = 0; start < input.Length; start += plane)
        {
            var c = start / plane % 3;
            float mean = Mean[c], std = Std[c];
            for (var i = 0; i < plane; i++)
            {
                destination[start + i] = (input[start + i] - mean) / std;
            }
        }
    }
}
