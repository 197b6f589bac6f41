namespace MedVision.Imaging;

/// <summary>
/// Random patch positions inside a mask (the random normal ROIs of seeds/002 inside the breast mask, random
/// training patches inside an ROI). Each draw picks a centre uniformly among the mask's pixels and keeps it when
/// the patch lies inside the image and satisfies <see cref="RandomPatchOptions.Containment"/>; draws are with
/// replacement, so regions may overlap or repeat. Deterministic for a given seed.
/// </summary>
public static class RandomPatches
{
    /// <summary><paramref name="count"/> regions of <paramref name="height"/> × <paramref name="width"/> whose centre pixel lies in <paramref name="mask"/> (seed 0).</summary>
    public static IReadOnlyList<PatchRegion> InMask(Mask mask, int height, int width, int count) =>
        InMask(mask, height, width, count, new RandomPatchOptions());

    /// <summary>
    /// <paramref name="count"/> regions of <paramref name="height"/> × <paramref name="width"/> placed by
    /// <paramref name="options"/>. Throws <see cref="PatchSamplingException"/> when a patch cannot be placed within
    /// <see cref="RandomPatchOptions.MaxTries"/> draws, saying whether any valid placement exists.
    /// </summary>
    public static IReadOnlyList<PatchRegion> InMask(Mask mask, int height, int width, int count, RandomPatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(options);
        Guard.AtLeast(height, 1, nameof(height));
        Guard.AtLeast(width, 1, nameof(width));
        Guard.AtLeast(count, 0, nameof(count));
        Guard.AtLeast(options.MaxTries, 1, nameof(options.MaxTries));
        var centres = new List<int>();
        for (var i = 0; i < mask.Data.Length; i++)
        {
            if (mask.Data[i])
            {
                centres.Add(i);
            }
        }

        if (count == 0)
        {
            return [];
        }

        if (centres.Count == 0)
        {
            throw new PatchSamplingException($"the {mask.Height}×{mask.Width} mask is empty: no {height}×{width} patch can be centred in it", impossible: true);
        }

        var integral = options.Containment == PatchContainment.Whole ? Integral(mask) : null;
        var random = new Random(options.Seed);
        var result = new PatchRegion[count];
        for (var k = 0; k < count; k++)
        {
            var placed = false;
            for (var attempt = 0; attempt < options.MaxTries && !placed; attempt++)
            {
                var c = centres[random.Next(centres.Count)];
                var region = PatchRegion.Around(c / mask.Width, c % mask.Width, height, width);
                if (Valid(region, mask, integral))
                {
                    result[k] = region;
                    placed = true;
                }
            }

            if (!placed)
            {
                throw Failure(mask, height, width, options, centres, integral);
            }
        }

        return result;
    }

    private static bool Valid(PatchRegion r, Mask mask, long[]? integral)
    {
        if (!r.IsInside(mask.Height, mask.Width))
        {
            return false;
        }

        if (integral is null)
        {
            return true;
        }

        // integral: (H+1)×(W+1) summed-area table of the mask.
        var w1 = mask.Width + 1;
        int y0 = r.Top, x0 = r.Left, y1 = r.Top + r.Height, x1 = r.Left + r.Width;
        var inside = integral[(y1 * w1) + x1] - integral[(y0 * w1) + x1] - integral[(y1 * w1) + x0] + integral[(y0 * w1) + x0];
        return inside == (long)r.Height * r.Width;
    }

    private static long[] Integral(Mask mask)
    {
        var w1 = mask.Width + 1;
        var table = new long[(mask.Height + 1) * w1];
        for (var y = 0; y < mask.Height; y++)
        {
            long row = 0;
            for (var x = 0; x < mask.Width; x++)
            {
                row += mask[y, x] ? 1 : 0;
                table[((y + 1) * w1) + x + 1] = table[(y * w1) + x + 1] + row;
            }
        }

        return table;
    }

    private static PatchSamplingException Failure(Mask mask, int height, int width, RandomPatchOptions options, List<int> centres, long[]? integral)
    {
        var valid = centres.Count(c => Valid(PatchRegion.Around(c / mask.Width, c % mask.Width, height, width), mask, integral));
        var rule = options.Containment == PatchContainment.Whole ? "lies wholly inside the mask" : "is centred in the mask and lies inside the image";
        return valid == 0
            ? new PatchSamplingException(
                $"no {height}×{width} patch {rule}: the {mask.Height}×{mask.Width} mask has {centres.Count} pixels and none admits one", impossible: true)
            : new PatchSamplingException(
                $"{options.MaxTries} draws found no {height}×{width} patch that {rule} ({valid} of the mask's {centres.Count} pixels admit one); raise MaxTries", impossible: false);
    }
}
