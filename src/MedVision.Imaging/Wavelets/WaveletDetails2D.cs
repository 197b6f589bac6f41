namespace MedVision.Imaging.Wavelets;

/// <summary>
/// The three detail bands of one 2-D decomposition level, as PyWavelets' <c>(cH, cV, cD)</c>: horizontal
/// (<c>da</c>: high-pass along rows axis 0, low-pass along axis 1), vertical (<c>ad</c>) and diagonal (<c>dd</c>),
/// all of one shape.
/// </summary>
public sealed record WaveletDetails2D(Array2D Horizontal, Array2D Vertical, Array2D Diagonal)
{
    /// <summary>The bands in PyWavelets order: H, V, D.</summary>
    public IEnumerable<Array2D> Bands()
    {
        yield return Horizontal;
        yield return Vertical;
        yield return Diagonal;
    }
}
