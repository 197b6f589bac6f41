namespace MedVision.Nn.Patches;

/// <summary>The eight symmetries of the square (quarter turns and flips) on (C, H, W) samples in place: exact, no interpolation or fill.</summary>
public static class Dihedral
{
    /// <summary>
    /// Symmetry <paramref name="k"/> (0–7) of a (C, H, W) sample in place: <c>numpy.rot90(x, k % 4, axes=(1, 2))</c>
    /// followed by a left-right flip when k ≥ 4. Non-square: k % 4 picks identity, up-down flip, both flips, left-right flip.
    /// </summary>
    public static void Apply(Span<float> sample, int height, int width, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, 7);
        var plane = height * width;
        if (plane == 0 || sample.Length % plane != 0)
        {
            throw new ArgumentException($"sample of {sample.Length} values is not whole {height}×{width} planes", nameof(sample));
        }

        var source = new float[plane];
        for (var c = 0; c < sample.Length / plane; c++)
        {
            var target = sample.Slice(c * plane, plane);
            target.CopyTo(source);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var (sy, sx) = SourceOf(y, x, height, width, k);
                    target[(y * width) + x] = source[(sy * width) + sx];
                }
            }
        }
    }

    /// <summary>Where output pixel (y, x) comes from under symmetry k.</summary>
    private static (int Y, int X) SourceOf(int y, int x, int height, int width, int k)
    {
        if (height != width)
        {
            return (k % 4) switch
            {
                0 => (y, x),
                1 => (height - 1 - y, x),
                2 => (height - 1 - y, width - 1 - x),
                _ => (y, width - 1 - x),
            };
        }

        var n = height;
        if (k >= 4)
        {
            x = n - 1 - x;
        }

        // numpy.rot90 by r quarter turns counter-clockwise: out[y, x] = in[x, n-1-y] for r = 1.
        return (k % 4) switch
        {
            0 => (y, x),
            1 => (x, n - 1 - y),
            2 => (n - 1 - y, n - 1 - x),
            _ => (n - 1 - x, y),
        };
    }
}
