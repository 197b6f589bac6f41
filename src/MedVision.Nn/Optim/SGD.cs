namespace MedVision.Nn.Optim;

/// <summary>
/// Stochastic gradient descent (PyTorch <c>torch.optim.SGD</c>): d = g + λ·p; with momentum μ,
/// b ← d on the first step and b ← μ·b + (1 − dampening)·d after; d = d + μ·b (Nesterov) or d = b; p ← p − lr·d.
/// </summary>
public sealed class SGD : Optimizer
{
    /// <summary>Plain SGD over <paramref name="parameters"/> with rate <paramref name="lr"/> and optional momentum.</summary>
    public SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0)
        : this([new ParamGroup(parameters)], new SgdOptions { Lr = lr, Momentum = momentum })
    {
    }

    /// <summary>SGD over parameter <paramref name="groups"/> configured by <paramref name="options"/>.</summary>
    public SGD(IEnumerable<ParamGroup> groups, SgdOptions options)
        : base(groups, options?.Lr ?? 0, options?.WeightDecay ?? 0, options?.Momentum ?? 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Nesterov && (options.Momentum <= 0 || options.Dampening != 0))
        {
            throw new ArgumentException($"Nesterov momentum needs Momentum > 0 and Dampening = 0, got {options.Momentum} and {options.Dampening}", nameof(options));
        }

        Options = options;
    }

    public SgdOptions Options { get; }

    protected override void Update(ParamGroup group, Span<float> p, ReadOnlySpan<float> grad, ParamState state)
    {
        var lr = (float)group.Lr;
        var wd = (float)group.WeightDecay;
        var momentum = (float)group.Momentum;
        var dampening = (float)(1 - Options.Dampening);
        float[]? buffer = null;
        var first = false;
        if (momentum != 0)
        {
            buffer = state.Buffer("momentum_buffer", p.Length, out first);
        }

        for (var i = 0; i < p.Length; i++)
        {
            var d = wd != 0 ? grad[i] + (wd * p[i]) : grad[i];
            if (buffer is not null)
            {
                buffer[i] = first ? d : (momentum * buffer[i]) + (dampening * d);
                d = Options.Nesterov ? d + (momentum * buffer[i]) : buffer[i];
            }

            p[i] += -lr * d;
        }
    }
}
