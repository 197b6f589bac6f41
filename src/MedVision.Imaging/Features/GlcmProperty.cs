namespace MedVision.Imaging.Features;

/// <summary>The Haralick-style properties of scikit-image's <c>graycoprops</c>.</summary>
public enum GlcmProperty
{
    /// <summary>Σ P(i,j)·(i − j)².</summary>
    Contrast,

    /// <summary>Σ P(i,j)·|i − j|.</summary>
    Dissimilarity,

    /// <summary>Σ P(i,j) / (1 + (i − j)²).</summary>
    Homogeneity,

    /// <summary>√ASM.</summary>
    Energy,

    /// <summary>Σ P(i,j)·(i − μi)(j − μj) / (σi σj); 1 when either σ &lt; 1e-15.</summary>
    Correlation,

    /// <summary>Angular second moment Σ P(i,j)².</summary>
    Asm,
}
