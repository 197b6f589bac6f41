namespace MedVision.Imaging;

/// <summary>
/// Binary erosion, dilation, opening and closing with scikit-image 0.19 <c>skimage.morphology.binary_*</c>
/// semantics (scipy.ndimage underneath): erosion treats pixels beyond the border as foreground
/// (<c>border_value=True</c>), dilation as background, dilation uses the reflected footprint, opening is
/// erosion then dilation and closing dilation then erosion.
/// </summary>
/// <remarks>
/// Each footprint row is split into runs of true cells, and each run is answered in O(1) from per-row
/// prefix counts, so the cost is O(H·W·rows of the footprint) whatever its area.
/// </remarks>
public static class BinaryMorphology
{
    /// <summary>out(p) = true when every footprint cell q has mask(p + q − origin) true.</summary>
    public static Mask Erode(Mask mask, Footprint footprint) => Apply(mask, footprint, erode: true);

    /// <summary>out(p) = true when some footprint cell q has mask(p − q + origin) true.</summary>
    public static Mask Dilate(Mask mask, Footprint footprint) => Apply(mask, footprint, erode: false);

    /// <summary>Dilate(Erode(mask)): removes foreground smaller than the footprint.</summary>
    public static Mask Open(Mask mask, Footprint footprint) => Dilate(Erode(mask, footprint), footprint);

    /// <summary>Erode(Dilate(mask)): fills background gaps smaller than the footprint.</summary>
    public static Mask Close(Mask mask, Footprint footprint) => Erode(Dilate(mask, footprint), footprint);

    private static Mask Apply(Mask mask, Footprint footprint, bool erode)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(footprint);
        var h = mask.Height;
        var w = mask.Width;
        var result = new Mask(h, w);

        // prefix[y·(W+1) + x] counts the deciding pixels left of x in row y: background ones for erosion
        // (one inside the run fails it), foreground ones for dilation (one inside the run sets it).
        var prefix = new int[h * (w + 1)];
        for (var y = 0; y < h; y++)
        {
            var row = y * (w + 1);
            for (var x = 0; x < w; x++)
            {
                prefix[row + x + 1] = prefix[row + x] + (mask.Data[(y * w) + x] != erode ? 1 : 0);
            }
        }

        var runs = footprint.Runs();
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var hit = false;
                foreach (var (dy, x0, x1) in runs)
                {
                    // Erosion looks at (y + dy, x + x0 … x + x1); dilation at the reflected run.
                    var sy = erode ? y + dy : y - dy;
                    if ((uint)sy >= (uint)h)
                    {
                        continue;
                    }

                    var a = Math.Max(erode ? x + x0 : x - x1, 0);
                    var b = Math.Min(erode ? x + x1 : x - x0, w - 1);
                    if (a <= b && prefix[(sy * (w + 1)) + b + 1] - prefix[(sy * (w + 1)) + a] > 0)
                    {
                        hit = true;
                        break;
                    }
                }

                result.Data[(y * w) + x] = erode ? !hit : hit;
            }
        }

        return result;
    }
}
