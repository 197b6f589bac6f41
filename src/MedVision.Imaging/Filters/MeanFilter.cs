namespace MedVision.Imaging;

/// <summary>
/// Box (mean) filter: every pixel becomes the mean of the Size×Size window around it, per channel.
/// Mirrors <c>scipy.ndimage.uniform_filter(image, size, mode="reflect")</c> (window
/// [i − size/2, i − size/2 + size − 1], so even sizes lean left/up as in scipy); with
/// <see cref="BorderMode.Mirror"/> and an odd size it equals OpenCV <c>cv2.blur</c> (BORDER_REFLECT_101).
/// </summary>
public static class MeanFilter
{
    /// <summary>Mean over a <paramref name="size"/>×<paramref name="size"/> window (default 3) with scipy's default <c>reflect</c> border.</summary>
    public static Image Apply(Image image, int size = 3) => Apply(image, new MeanFilterOptions { Size = size });

    /// <summary>Mean filter with every option.</summary>
    public static Image Apply(Image image, MeanFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        Guard.AtLeast(options.Size, 1, nameof(options.Size));
        var weights = new double[options.Size];
        Array.Fill(weights, 1.0 / options.Size);
        return Separable.Apply(image, weights, weights, options.Mode, options.Cval);
    }
}
