using MedVision.Tensors.Kernels;

namespace MedVision.Nn.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba 2015; PyTorch <c>torch.optim.Adam</c>): g ← g + λ·p; m ← β₁·m + (1 − β₁)·g;
/// v ← β₂·v + (1 − β₂)·g²; p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε). β₁ is the group's
/// <see cref="ParamGroup.Momentum"/>, so one-cycle schedules can cycle it.
/// </summary>
public class Adam : Optimizer
{
    /// <summary>Adam over <paramref name="parameters"/> with rate <paramref name="lr"/> (default 1e-3).</summary>
    public Adam(IEnumerable<Parameter> parameters, double lr = 1e-3)
        : this([new ParamGroup(parameters)], new AdamOptions { Lr = lr })
    {
    }

    /// <summary>Adam over parameter <paramref name="groups"/> configured by <paramref name="options"/>.</summary>
    public Adam(IEnumerable<ParamGroup> groups, AdamOptions options)
        : this(groups, options, 0)
    {
    }

    private protected Adam(IEnumerable<ParamGroup> groups, AdamOptions options, double defaultWeightDecay)
        : base(groups, options?.Lr ?? 0, options?.WeightDecay ?? defaultWeightDecay, options?.Beta1 ?? 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Beta1 >= 0 && options.Beta1 < 1 && options.Beta2 >= 0 && options.Beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Beta1 and Beta2 must be in [0, 1), got {options.Beta1} and {options.Beta2}");
        }

        Options = options;
    }

    public AdamOptions Options { get; }

    /// <summary>True for AdamW: weight decay shrinks the parameters directly instead of adding to the gradient.</summary>
    protected virtual bool DecoupledWeightDecay => false;

    protected override void Update(ParamGroup group, Span<float> p, ReadOnlySpan<float> grad, ParamState state)
    {
        var m = state.Buffer("exp_avg", p.Length, out _);
        var v = state.Buffer("exp_avg_sq", p.Length, out _);
        var beta1 = (float)group.Momentum;
        var beta2 = (float)Options.Beta2;
        var bias1 = 1 - Math.Pow(group.Momentum, state.Step);
        var bias2Sqrt = (float)Math.Sqrt(1 - Math.Pow(Options.Beta2, state.Step));
        var stepSize = (float)(group.Lr / bias1);
        var eps = (float)Options.Eps;
        var wd = (float)group.WeightDecay;
        var shrink = (float)(1 - (group.Lr * group.WeightDecay));
        AdamKernel.Step(p, grad, m, v, new AdamCoefficients(beta1, beta2, stepSize, bias2Sqrt, eps, wd, shrink, DecoupledWeightDecay));
    }
}
