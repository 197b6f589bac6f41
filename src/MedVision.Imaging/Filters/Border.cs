namespace MedVision.Imaging;

/// <summary>Index arithmetic for <see cref="BorderMode"/>: where an out-of-range sample comes from.</summary>
public static class Border
{
    /// <summary>
    /// The in-range index that position <paramref name="i"/> of a line of length <paramref name="n"/> reads
    /// under <paramref name="mode"/>, or −1 for <see cref="BorderMode.Constant"/> outside the line.
    /// </summary>
    public static int Index(int i, int n, BorderMode mode)
    {
        if ((uint)i < (uint)n)
        {
            return i;
        }

        switch (mode)
        {
            case BorderMode.Constant:
                return -1;
            case BorderMode.Nearest:
                return i < 0 ? 0 : n - 1;
            case BorderMode.Wrap:
                return Mod(i, n);
            case BorderMode.Reflect:
                {
                    var m = Mod(i, 2 * n);
                    return m < n ? m : (2 * n) - 1 - m;
                }

            case BorderMode.Mirror:
                {
                    if (n == 1)
                    {
                        return 0;
                    }

                    var m = Mod(i, (2 * n) - 2);
                    return m < n ? m : (2 * n) - 2 - m;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown border mode");
        }
    }

    /// <summary>
    /// Fills <paramref name="map"/> with <see cref="Index"/>(j − <paramref name="before"/>, n, mode) for every j:
    /// the source index of each position of a line padded by <paramref name="before"/> samples in front.
    /// </summary>
    public static void FillIndexMap(Span<int> map, int before, int n, BorderMode mode)
    {
        for (var j = 0; j < map.Length; j++)
        {
            map[j] = Index(j - before, n, mode);
        }
    }

    private static int Mod(int a, int n)
    {
        var m = a % n;
        return m < 0 ? m + n : m;
    }
}
