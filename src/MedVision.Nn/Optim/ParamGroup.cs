namespace MedVision.Nn.Optim;

/// <summary>
/// Parameters that share hyperparameters (PyTorch <c>param_groups</c>): several groups with their own learning
/// rates give discriminative rates (e.g. 2e-6 for the stem … 1e-3 for the head). Values left null take the
/// optimiser's defaults. <see cref="Lr"/> and <see cref="Momentum"/> are what schedules change each step.
/// </summary>
public sealed class ParamGroup
{
    public ParamGroup(IEnumerable<Parameter> parameters, double? lr = null, double? weightDecay = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = [.. parameters];
        RequestedLr = lr;
        RequestedWeightDecay = weightDecay;
    }

    /// <summary>The parameters of the group, in order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Learning rate.</summary>
    public double Lr { get; set; }

    /// <summary>Weight decay (L2 penalty for SGD/Adam/RMSprop, decoupled for AdamW).</summary>
    public double WeightDecay { get; set; }

    /// <summary>SGD/RMSprop momentum, or Adam/AdamW β₁ (what <c>OneCycleLR</c> cycles).</summary>
    public double Momentum { get; set; }

    /// <summary>The rate the group started with (PyTorch <c>initial_lr</c>), the base a schedule scales.</summary>
    public double InitialLr { get; internal set; }

    internal double? RequestedLr { get; }

    internal double? RequestedWeightDecay { get; }
}
