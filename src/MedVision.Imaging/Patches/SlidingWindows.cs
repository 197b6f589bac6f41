namespace MedVision.Imaging;

/// <summary>
/// Regular grids of windows over an image, row by row from the top-left: window tops 0, s, 2s, … while the window
/// fits (<c>skimage.util.view_as_windows(img, (h, w), step)</c>), then the border rule of <see cref="WindowEdge"/>.
/// </summary>
public static class SlidingWindows
{
    /// <summary>Non-overlapping <paramref name="windowHeight"/> × <paramref name="windowWidth"/> windows wholly inside an image of the given size.</summary>
    public static IReadOnlyList<PatchRegion> Regions(int imageHeight, int imageWidth, int windowHeight, int windowWidth) =>
        Regions(imageHeight, imageWidth, windowHeight, windowWidth, new SlidingWindowOptions());

    /// <summary>Windows placed with the strides and border rule of <paramref name="options"/>.</summary>
    public static IReadOnlyList<PatchRegion> Regions(int imageHeight, int imageWidth, int windowHeight, int windowWidth, SlidingWindowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Guard.AtLeast(imageHeight, 0, nameof(imageHeight));
        Guard.AtLeast(imageWidth, 0, nameof(imageWidth));
        Guard.AtLeast(windowHeight, 1, nameof(windowHeight));
        Guard.AtLeast(windowWidth, 1, nameof(windowWidth));
        Guard.AtLeast(options.StrideY, 0, nameof(options.StrideY));
        Guard.AtLeast(options.StrideX, 0, nameof(options.StrideX));
        var tops = Starts(imageHeight, windowHeight, options.StrideY == 0 ? windowHeight : options.StrideY, options.Edge);
        var lefts = Starts(imageWidth, windowWidth, options.StrideX == 0 ? windowWidth : options.StrideX, options.Edge);
        var result = new List<PatchRegion>(tops.Count * lefts.Count);
        foreach (var top in tops)
        {
            foreach (var left in lefts)
            {
                result.Add(new PatchRegion(top, left, windowHeight, windowWidth));
            }
        }

        return result;
    }

    /// <summary>The pixels of every window, in <see cref="Regions(int, int, int, int, SlidingWindowOptions)"/> order; <see cref="WindowEdge.Pad"/> windows are filled by <paramref name="mode"/>.</summary>
    public static IReadOnlyList<Image> Extract(Image image, int windowHeight, int windowWidth, SlidingWindowOptions options, PadMode mode = PadMode.Constant, float value = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        return [.. Regions(image.Height, image.Width, windowHeight, windowWidth, options).Select(r => r.Extract(image, mode, value))];
    }

    private static List<int> Starts(int length, int window, int stride, WindowEdge edge)
    {
        var starts = new List<int>();
        for (var s = 0; s + window <= length; s += stride)
        {
            starts.Add(s);
        }

        var covered = starts.Count == 0 ? 0 : starts[^1] + window;
        if (covered < length)
        {
            switch (edge)
            {
                case WindowEdge.Pad:
                    // Continue the grid: the next start after the last full window (or 0 when none fits).
                    starts.Add(starts.Count == 0 ? 0 : starts[^1] + stride);
                    while (starts[^1] + window < length)
                    {
                        starts.Add(starts[^1] + stride);
                    }

                    break;
                case WindowEdge.Shift:
                    starts.Add(Math.Max(0, length - window));
                    break;
                case WindowEdge.Drop:
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(edge), edge, "unknown window edge rule");
            }
        }

        return starts;
    }
}
