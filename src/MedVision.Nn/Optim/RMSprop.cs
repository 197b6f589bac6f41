namespace MedVision.Nn.Optim;

/// <summary>
/// RMSprop (PyTorch <c>torch.optim.RMSprop</c>): g ← g + λ·p; s ← α·s + (1 − α)·g²; centred: a ← α·a + (1 − α)·g
/// and d = √(s − a²) + ε, else d = √s + ε; with momentum μ: b ← μ·b + g/d, p ← p − lr·b; else p ← p − lr·g/d.
/// </summary>
public sealed class RMSprop : Optimizer
{
    /// <summary>RMSprop over <paramref name="parameters"/> with rate <paramref name="lr"/> (default 0.01).</summary>
    public RMSprop(IEnumerable<Parameter> parameters, double lr = 1e-2)
        : this([new ParamGroup(parameters)], new RmspropOptions { Lr = lr })
    {
    }

    /// <summary>RMSprop over parameter <paramref name="groups"/> configured by <paramref name="options"/>.</summary>
    public RMSprop(IEnumerable<ParamGroup> groups, RmspropOptions options)
        : base(groups, options?.Lr ?? 0, options?.WeightDecay ?? 0, options?.Momentum ?? 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    public RmspropOptions Options { get; }

    protected override void Update(ParamGroup group, Span<float> p, ReadOnlySpan<float> grad, ParamState state)
    {
        var square = state.Buffer("square_avg", p.Length, out _);
        var momentum = (float)group.Momentum;
        var buffer = momentum > 0 ? state.Buffer("momentum_buffer", p.Length, out _) : null;
        var average = Options.Centered ? state.Buffer("grad_avg", p.Length, out _) : null;
        var alpha = (float)Options.Alpha;
        var eps = (float)Options.Eps;
        var lr = (float)group.Lr;
        var wd = (float)group.WeightDecay;
        for (var i = 0; i < p.Length; i++)
        {
            var g = wd != 0 ? grad[i] + (wd * p[i]) : grad[i];
            square[i] = (square[i] * alpha) + ((1 - alpha) * g * g);
            float d;
            if (average is not null)
            {
                average[i] = (average[i] * alpha) + ((1 - alpha) * g);
                d = MathF.Sqrt(square[i] - (average[i] * average[i])) + eps;
            }
            else
            {
                d = MathF.Sqrt(square[i]) + eps;
            }

            if (buffer is not null)
            {
                buffer[i] = (buffer[i] * momentum) + (g / d);
                p[i] += -lr * buffer[i];
            }
            else
            {
                p[i] += -lr * (g / d);
            }
        }
    }
}
