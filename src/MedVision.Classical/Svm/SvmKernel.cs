namespace MedVision.Classical.Svm;

/// <summary>Kernel of a support-vector machine (libsvm kernel types).</summary>
public enum SvmKernel
{
    /// <summary><c>K(a, b) = a·b</c>.</summary>
    Linear,

    /// <summary><c>K(a, b) = (γ a·b + coef0)^degree</c>.</summary>
    Poly,

    /// <summary><c>K(a, b) = exp(−γ ‖a − b‖²)</c>.</summary>
    Rbf,
}
