namespace MedVision.Imaging.Wavelets;

/// <summary>
/// A multi-level 2-D decomposition in PyWavelets' <c>wavedec2</c> order <c>[cA_n, (cH_n, cV_n, cD_n), …, (cH_1, cV_1, cD_1)]</c>:
/// <see cref="Details"/>[0] is the coarsest level n, the last entry level 1.
/// </summary>
public sealed record WaveDec2Result(Array2D Approximation, IReadOnlyList<WaveletDetails2D> Details)
{
    /// <summary>Number of levels n.</summary>
    public int Level => Details.Count;

    /// <summary>The details of decomposition level <paramref name="level"/> (1 = finest … <see cref="Level"/> = coarsest).</summary>
    public WaveletDetails2D DetailsAtLevel(int level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, Level);
        return Details[Level - level];
    }
}
