using MedVision.Nn.Init;
using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>
/// Fully connected layer (PyTorch <c>nn.Linear</c>): y = x·Wᵀ + b, x (…, in) → (…, out). Parameters
/// <c>weight</c> (out, in) and <c>bias</c> (out), initialised U(±1/√in) as PyTorch does.
/// </summary>
public sealed class Linear : Module
{
    /// <summary>A layer from <paramref name="inFeatures"/> to <paramref name="outFeatures"/>; generator defaults to <see cref="Module.DefaultGenerator"/>.</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
    {
        if (inFeatures < 1 || outFeatures < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Linear needs inFeatures and outFeatures ≥ 1, got {inFeatures} and {outFeatures}");
        }

        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Parameter.Zeros(outFeatures, inFeatures));
        if (bias)
        {
            Bias = RegisterParameter("bias", Parameter.Zeros(outFeatures));
        }

        Initializers.DefaultLayer(Weight.Data, [outFeatures, inFeatures], Bias is null ? [] : Bias.Data, generator ?? DefaultGenerator);
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public Parameter Weight { get; }

    public Parameter? Bias { get; }

    protected override Tensor ForwardCore(Tensor input) => Ops.Linear(input, Weight, Bias);
}
