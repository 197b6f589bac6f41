namespace MedVision.Classical.Svm;

/// <summary>A kernel with its resolved parameters, evaluated from a dot product and the two squared norms (as libsvm).</summary>
internal readonly record struct KernelFunction(SvmKernel Kind, double Gamma, double Coef0, int Degree)
{
    public double FromDot(double dot, double squaredNormA, double squaredNormB) => Kind switch
    {
        SvmKernel.Linear => dot,
        SvmKernel.Poly => Math.Pow((Gamma * dot) + Coef0, Degree),
        _ => Math.Exp(-Gamma * (squaredNormA + squaredNormB - (2 * dot))),
    };
}
