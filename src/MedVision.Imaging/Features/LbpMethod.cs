namespace MedVision.Imaging.Features;

/// <summary>Coding of <see cref="LocalBinaryPattern"/>, as the <c>method</c> argument of scikit-image's <c>local_binary_pattern</c>.</summary>
public enum LbpMethod
{
    /// <summary>Σ s_p·2^p, grayscale invariant, not rotation invariant (<c>default</c>); values 0 … 2^P − 1.</summary>
    Default,

    /// <summary>The smallest value over the P circular bit rotations (<c>ror</c>).</summary>
    Ror,

    /// <summary>Number of set bits when the pattern has at most two 0/1 changes (counted as scikit-image does, without the wrap-around pair), else P + 1 (<c>uniform</c>); values 0 … P + 1.</summary>
    Uniform,

    /// <summary>Biased variance of the P neighbour samples, NaN where it is zero (<c>var</c>).</summary>
    Var,
}
