namespace MedVision.Imaging;

/// <summary>
/// Connected components of a binary mask as scikit-image <c>measure.label(mask, connectivity=c)</c>
/// (connectivity 1: 4-neighbours, 2: 8-neighbours, the default), the largest component, and hole filling
/// as <c>scipy.ndimage.binary_fill_holes</c> (background not 4-connected to the border becomes foreground).
/// </summary>
public static class ConnectedComponents
{
    /// <summary>Labels the foreground of <paramref name="mask"/>; <paramref name="connectivity"/> is 1 or 2 (default 2).</summary>
    public static LabelResult Label(Mask mask, int connectivity = 2)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return LabelWhere(mask, foreground: true, connectivity);
    }

    /// <summary>The component with the most pixels (the first in raster order on a tie); an empty mask stays empty.</summary>
    public static Mask Largest(Mask mask, int connectivity = 2)
    {
        var labels = Label(mask, connectivity);
        var best = 0;
        for (var k = 1; k <= labels.Count; k++)
        {
            if (best == 0 || labels.Sizes[k] > labels.Sizes[best])
            {
                best = k;
            }
        }

        var result = new Mask(mask.Height, mask.Width);
        if (best != 0)
        {
            for (var i = 0; i < result.Data.Length; i++)
            {
                result.Data[i] = labels.Labels[i] == best;
            }
        }

        return result;
    }

    /// <summary>
    /// Fills holes: background regions (connected with <paramref name="connectivity"/>, default 1 as scipy's
    /// default structure) that do not touch the image border become foreground.
    /// </summary>
    public static Mask FillHoles(Mask mask, int connectivity = 1)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var background = LabelWhere(mask, foreground: false, connectivity);
        var touchesBorder = new bool[background.Count + 1];
        var h = mask.Height;
        var w = mask.Width;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                if (y == 0 || x == 0 || y == h - 1 || x == w - 1)
                {
                    touchesBorder[background.Labels[(y * w) + x]] = true;
                }
            }
        }

        var result = new Mask(h, w);
        for (var i = 0; i < result.Data.Length; i++)
        {
            var label = background.Labels[i];
            result.Data[i] = mask.Data[i] || !touchesBorder[label];
        }

        return result;
    }

    private static LabelResult LabelWhere(Mask mask, bool foreground, int connectivity)
    {
        if (connectivity is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(connectivity), connectivity, $"connectivity must be 1 or 2, got {connectivity}");
        }

        var h = mask.Height;
        var w = mask.Width;
        var labels = new int[h * w];
        var sizes = new List<int> { 0 };
        var stack = new Stack<int>();
        var count = 0;
        for (var start = 0; start < labels.Length; start++)
        {
            if (mask.Data[start] != foreground)
            {
                sizes[0]++;
                continue;
            }

            if (labels[start] != 0)
            {
                continue;
            }

            count++;
            var size = 0;
            labels[start] = count;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                size++;
                var py = p / w;
                var px = p % w;
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        if ((dy == 0 && dx == 0) || (connectivity == 1 && dy != 0 && dx != 0))
                        {
                            continue;
                        }

                        var ny = py + dy;
                        var nx = px + dx;
                        if ((uint)ny >= (uint)h || (uint)nx >= (uint)w)
                        {
                            continue;
                        }

                        var q = (ny * w) + nx;
                        if (mask.Data[q] == foreground && labels[q] == 0)
                        {
                            labels[q] = count;
                            stack.Push(q);
                        }
                    }
                }
            }

            sizes.Add(size);
        }

        return new LabelResult(h, w, labels, count, [.. sizes]);
    }
}
