using System.Text.Json.Serialization;
using MedVision.Nn.Optim;

namespace MedVision.Training;

/// <summary>
/// Makes the optimiser of a run over its parameter groups: a typed choice with its hyper-parameters
/// (<c>new OptimizerFactory.Sgd(Momentum: 0.8)</c>) instead of a name. <see cref="TrainingChoices"/> names the built-in ones for configs; derive from it for an optimiser of your own (its <see cref="Name"/> and parameters enter the checkpoint
/// fingerprint).
/// </summary>
public abstract record OptimizerFactory
{
    /// <summary>The name configs use for this optimiser (<c>adam</c>).</summary>
    [JsonIgnore]
    public abstract string Name { get; }

    /// <summary>The optimiser over <paramref name="groups"/> at learning rate <paramref name="lr"/> (the trainer sets each group's rate before every step).</summary>
    public abstract Optimizer Create(IReadOnlyList<ParamGroup> groups, double lr);

    /// <summary>Adam (<c>torch.optim.Adam</c>) with L2 weight decay <paramref name="WeightDecay"/> added to the gradient.</summary>
    public sealed record Adam(double Beta1 = 0.9, double Beta2 = 0.999, double Eps = 1e-8, double WeightDecay = 0) : OptimizerFactory
    {
        /// <inheritdoc/>
        public override string Name => "adam";

        /// <inheritdoc/>
        public override Optimizer Create(IReadOnlyList<ParamGroup> groups, double lr) =>
            new Nn.Optim.Adam(groups, new AdamOptions { Lr = lr, Beta1 = Beta1, Beta2 = Beta2, Eps = Eps, WeightDecay = WeightDecay });
    }

    /// <summary>AdamW (<c>torch.optim.AdamW</c>): Adam with decoupled weight decay <paramref name="WeightDecay"/>.</summary>
    public sealed record AdamW(double Beta1 = 0.9, double Beta2 = 0.999, double Eps = 1e-8, double WeightDecay = 1e-2) : OptimizerFactory
    {
        /// <inheritdoc/>
        public override string Name => "adamw";

        /// <inheritdoc/>
        public override Optimizer Create(IReadOnlyList<ParamGroup> groups, double lr) =>
            new Nn.Optim.AdamW(groups, new AdamOptions { Lr = lr, Beta1 = Beta1, Beta2 = Beta2, Eps = Eps, WeightDecay = WeightDecay });
    }

    /// <summary>SGD (<c>torch.optim.SGD</c>) with <paramref name="Momentum"/> (default 0.9), optionally Nesterov's.</summary>
    public sealed record Sgd(double Momentum = 0.9, bool Nesterov = false, double WeightDecay = 0) : OptimizerFactory
    {
        /// <inheritdoc/>
        public override string Name => "sgd";

        /// <inheritdoc/>
        public override Optimizer Create(IReadOnlyList<ParamGroup> groups, double lr) =>
            new SGD(groups, new SgdOptions { Lr = lr, Momentum = Momentum, Nesterov = Nesterov, WeightDecay = WeightDecay });
    }

    /// <summary>RMSprop (<c>torch.optim.RMSprop</c>).</summary>
    public sealed record RmsProp(double Alpha = 0.99, double Eps = 1e-8, double Momentum = 0, double WeightDecay = 0) : OptimizerFactory
    {
        /// <inheritdoc/>
        public override string Name => "rmsprop";

        /// <inheritdoc/>
        public override Optimizer Create(IReadOnlyList<ParamGroup> groups, double lr) =>
            new RMSprop(groups, new RmspropOptions { Lr = lr, Alpha = Alpha, Eps = Eps, Momentum = Momentum, WeightDecay = WeightDecay });
    }
}
