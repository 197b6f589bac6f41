namespace MedVision.Imaging.Wavelets;

/// <summary>The wavelet families built into <see cref="Wavelet"/> (PyWavelets' <c>family_name</c>), or a user filter bank.</summary>
public enum WaveletFamily
{
    /// <summary>A filter bank given by the caller.</summary>
    Custom,

    /// <summary><c>haar</c> (identical to <c>db1</c>).</summary>
    Haar,

    /// <summary>Daubechies <c>db1</c> … <c>db20</c>.</summary>
    Daubechies,

    /// <summary>Symlets <c>sym2</c> … <c>sym20</c>.</summary>
    Symlets,

    /// <summary>Coiflets <c>coif1</c> … <c>coif5</c>.</summary>
    Coiflets,

    /// <summary>Biorthogonal <c>bior1.1</c> … <c>bior6.8</c>.</summary>
    Biorthogonal,

    /// <summary>Reverse biorthogonal <c>rbio1.1</c> … <c>rbio6.8</c>.</summary>
    ReverseBiorthogonal,
}
