namespace MedVision.Nn.Optim;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019; PyTorch <c>torch.optim.AdamW</c>):
/// p ← p·(1 − lr·λ) before the Adam update, default λ = 0.01.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>AdamW over <paramref name="parameters"/> with rate <paramref name="lr"/> and weight decay 0.01.</summary>
    public AdamW(IEnumerable<Parameter> parameters, double lr = 1e-3)
        : this([new ParamGroup(parameters)], new AdamOptions { Lr = lr })
    {
    }

    /// <summary>AdamW over parameter <paramref name="groups"/> configured by <paramref name="options"/>.</summary>
    public AdamW(IEnumerable<ParamGroup> groups, AdamOptions options)
        : base(groups, options, 1e-2)
    {
    }

    protected override bool DecoupledWeightDecay => true;
}
